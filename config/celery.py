import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("oversight")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live with their subject, in these packages' tasks modules.
app.autodiscover_tasks(["metrics.returns", "oversight.flags"])
