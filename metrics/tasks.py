from celery import shared_task

from metrics import services


@shared_task(bind=True, acks_late=True, max_retries=120)
def process_return(self, return_id: int) -> str | None:
    try:
        ret = services.return_process(return_id=return_id)
    except services.ReturnBusy as busy:
        # Another worker holds it, or a killed worker's connection is still closing.
        raise self.retry(countdown=5) from busy
    return ret.status if ret else None


@shared_task
def process_received_returns() -> int:
    """The overnight run."""
    return services.returns_queue_received()
