from celery import shared_task

from metrics import services


@shared_task(acks_late=True)
def process_return(return_id: int) -> str | None:
    ret = services.return_process(return_id=return_id)
    return ret.status if ret else None


@shared_task
def process_received_returns() -> int:
    """The overnight run."""
    return services.returns_queue_received()
