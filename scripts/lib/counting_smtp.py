"""An SMTP server on 127.0.0.1 for the fault scripts: writes one line per delivered message.

    python scripts/lib/counting_smtp.py PORT LOG [DELAY_SECONDS]

Each accepted message appends "<recipient>\\t<Message-ID>" to LOG, flushed before the 250
answer, so the log is what the server has accepted even if the sender is killed a moment
later: the fault script counts deliveries per recipient from it. DELAY_SECONDS (default 0)
holds each answer back, without blocking other connections, so that a run lasts long
enough to be killed in the middle. Stops on SIGTERM.
"""

import asyncio
import email
import email.policy
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, log, delay: float):
        self.log = log
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        for recipient in envelope.rcpt_tos:
            self.log.write(f"{recipient}\t{message['Message-ID']}\n")
        self.log.flush()
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with open(path, "a", encoding="utf-8") as log:
        controller = Controller(CountingHandler(log, delay), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            stop.wait()
        finally:
            controller.stop()


if __name__ == "__main__":
    main()
