"""One real uvicorn on 127.0.0.1 (`unspin serve` in a subprocess), started and stopped by this test."""

from __future__ import annotations

import shutil

import httpx
from web_support import HARBOR_COPY, ORIGINALS, TOKEN

from unspin.bench.serve import free_port, start_server, stop_server


def test_real_server_serves_api_and_page(archive_path, tmp_path):
    archive = tmp_path / "served.db"
    shutil.copy(archive_path, archive)
    port = free_port()
    proc = start_server(
        ["--archive", str(archive), "--writable", "--token-env", "UNSPIN_TEST_TOKEN"],
        port,
        tmp_path / "server.log",
        env={"UNSPIN_TEST_TOKEN": TOKEN},
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60.0) as http:
            health = http.get("/v1/health").json()
            assert health["originals"] == len(ORIGINALS) and health["writes_enabled"] is True

            report = http.post("/v1/check", json={"text": HARBOR_COPY, "id": "c1"})
            assert report.status_code == 200, report.text
            assert report.json()["original"]["id"] == "o-harbor"

            new = {
                "originals": [
                    {"id": "n1", "text": "The Kestrel ferry to Wyndham island resumes daily crossings on Monday."}
                ]
            }
            assert http.post("/v1/originals", json=new).status_code == 401
            added = http.post("/v1/originals", json=new, headers={"Authorization": f"Bearer {TOKEN}"})
            assert added.status_code == 200 and added.json()["added"] == 1
            assert http.get("/v1/originals/n1").json()["id"] == "n1"

            page = http.post("/", data={"input": HARBOR_COPY})
            assert page.status_code == 200 and "Original found" in page.text
            assert http.get("/static/unspin.css").status_code == 200

            missing = http.get("/nowhere")
            assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    finally:
        stop_server(proc)
    assert proc.returncode is not None, "the server process is gone"
