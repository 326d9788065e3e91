import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# What the app loaded lives as long as the worker: frozen, the collector's full passes, which
# a large page's rows set off, no longer walk it on every request.
gc.freeze()
