"""The app as gunicorn loads it (config/wsgi.py)."""

import gc
import importlib


def test_the_loaded_app_is_kept_out_of_the_collectors_passes():
    gc.unfreeze()
    importlib.reload(importlib.import_module("config.wsgi"))
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
