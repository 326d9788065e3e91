from django.apps import AppConfig


class EngageConfig(AppConfig):
    name = "engage"
