"""Hands a batch of letters to the mailer: over a few SMTP connections side by side.

One SMTP connection sends a message in four round trips (MAIL, RCPT, DATA, the message),
each waiting for the server's answer, so a single connection spends most of its time
waiting. ``REMINDER_SMTP_CONNECTIONS`` connections (3 by default) each send from a thread
of their own while this thread encodes the next letters (``mime.Composer``); threads only
talk SMTP, never to the database. A connection that breaks is opened again once; one that
cannot be opened stops taking letters, and what no connection could send is failed, to be
sent on the next run. Mailers other than SMTP (the console in development) get Django's
own message, one after the other.
"""

import contextlib
import queue
import smtplib
import threading
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from lagesbild.utskick.mime import Composer, Letter

# An error the SMTP server or the network gives: the message did not go; try next run.
SEND_ERRORS = (smtplib.SMTPException, OSError)
_BROKEN = (smtplib.SMTPServerDisconnected, OSError)
MAX_ERRORS = 50


@dataclass
class Delivery:
    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def ok(self, key) -> None:
        with self._lock:
            self.sent.append(key)

    def fail(self, key, error: str | None) -> None:
        with self._lock:
            self.failed.append(key)
            if error:
                self.error(error)

    def error(self, error: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append("… (fler fel utelämnade)")


def deliver(letters: Iterable[tuple[Hashable, Letter]], *, connections: int | None = None):
    """Sends each (key, letter); returns which keys went and which did not."""
    backend = mailers.default
    if not isinstance(backend, SmtpBackend):
        return _deliver_one_by_one(backend, letters)
    count = max(1, connections or settings.REMINDER_SMTP_CONNECTIONS)
    return _deliver_smtp([backend, *(mailers.default for _ in range(count - 1))], letters)


def _deliver_one_by_one(backend, letters) -> Delivery:
    delivery = Delivery()
    with contextlib.closing(backend):
        for key, letter in letters:
            try:
                backend.send_messages([letter.django()])
            except SEND_ERRORS as error:
                delivery.fail(key, f"{letter.to}: {error}")
            else:
                delivery.ok(key)
    return delivery


def _deliver_smtp(backends, letters) -> Delivery:
    delivery = Delivery()
    composer = Composer()
    work: queue.Queue = queue.Queue(maxsize=8 * len(backends))
    threads = [
        threading.Thread(target=_post, args=(b, composer, work, delivery), daemon=True)
        for b in backends
    ]
    for thread in threads:
        thread.start()
    try:
        for key, letter in letters:
            if not _put(work, (key, letter, composer.to_bytes(letter)), threads):
                delivery.fail(key, None)
    finally:
        for _thread in threads:
            _put(work, None, threads)
        for thread in threads:
            thread.join()
    # What is left in the queue no connection could take: failed, sent on the next run.
    while True:
        try:
            job = work.get_nowait()
        except queue.Empty:
            break
        if job is not None:
            delivery.fail(job[0], None)
    return delivery


def _put(work, job, threads) -> bool:
    """Queues the job while a connection's thread still takes jobs; False if none does."""
    while any(thread.is_alive() for thread in threads):
        try:
            work.put(job, timeout=0.5)
        except queue.Full:
            continue
        return True
    return False


def _post(backend, composer, work, delivery) -> None:
    """One connection's thread: sends what it takes until told to stop or it breaks."""
    envelope_from = backend.prep_address(composer.from_email)
    try:
        backend.open()
    except SEND_ERRORS as error:
        with delivery._lock:
            delivery.error(f"SMTP: {error}")
        return
    try:
        while (job := work.get()) is not None:
            key, letter, raw = job
            try:
                if backend.connection is None:
                    backend.open()
                if raw is None:
                    backend.send_messages([letter.django()])
                else:
                    backend.connection.sendmail(envelope_from, [letter.to], raw)
            except Exception as error:  # noqa: BLE001 (any error fails this letter, not the run)
                delivery.fail(key, f"{letter.to}: {error}")
                if isinstance(error, _BROKEN):
                    if backend.connection is None:
                        return  # it could not be opened again: leave the rest to the others
                    with contextlib.suppress(Exception):
                        backend.close()
                    backend.connection = None
            else:
                delivery.ok(key)
    finally:
        with contextlib.suppress(Exception):
            backend.close()
