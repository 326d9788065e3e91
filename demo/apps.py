from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Generated returns and demo users: for `make demo`, the tests and the benchmarks."""

    name = "demo"
