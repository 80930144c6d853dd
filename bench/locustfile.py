"""Load mix for bench/run's throughput phase (locust, headless, against gunicorn on 127.0.0.1).

Each simulated user logs in with a session (one of the 16 coordinator accounts bench_user_0 … 15 made by
bench.generator), then mixes: portfolio pages (first page, a filter, a sort, a later page) 50 %, experiment
detail 40 %, posting a status update 10 %. BENCH_WAIT=1 waits 0.5–1.5 s between requests; BENCH_WAIT=0 none.
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, constant, task

PASSWORD = "bench-password-1234"
N_EXPERIMENTS = int(os.environ.get("BENCH_EXPERIMENTS", "100000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
_user_numbers = itertools.count()
PORTFOLIO_URLS = [
    "/",
    "/?phase=pilot&health=at_risk&sort=-last_update_on",
    "/?sort=name",
    "/?page=7",
    "/?q=robotti",
    "/?team={team}&phase=consolidating",
]


class PortfolioUser(HttpUser):
    wait_time = between(0.5, 1.5) if os.environ.get("BENCH_WAIT", "1") == "1" else constant(0)

    def on_start(self):
        number = next(_user_numbers) % 16
        self.client.get("/accounts/login/", name="login")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/accounts/login/",
            {"username": f"bench_user_{number}", "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed for bench_user_{number}: {response.status_code}")
        self.rng = random.Random(number)

    def _slug(self) -> str:
        return f"bench-{SEED}-{self.rng.randint(1, N_EXPERIMENTS - 1)}"

    @task(5)
    def portfolio(self):
        url = self.rng.choice(PORTFOLIO_URLS).format(team=self.rng.randint(1, 10))
        self.client.get(url, name="portfolio")

    @task(4)
    def detail(self):
        self.client.get(f"/experiments/{self._slug()}/", name="detail")

    @task(1)
    def post_status(self):
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            f"/experiments/{self._slug()}/status/",
            {
                "health": self.rng.choice(["on_track", "at_risk", "off_track"]),
                "what_happened": "Kuormitustestin tilannepäivitys.",
                "next_steps": "Jatketaan.",
                "effective_date": "",
                "csrfmiddlewaretoken": token,
            },
            name="status post",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status post answered {response.status_code}")
