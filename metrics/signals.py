from django.dispatch import Signal

# Sent after a return's load has committed, with ret=<Return>.
return_loaded = Signal()
