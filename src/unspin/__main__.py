from unspin.cli import main

main()
