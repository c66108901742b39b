"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd): stores every message it accepts as an .eml file.

Usage: smtp_sink.py HOST PORT FOLDER. Each file starts with an X-Sink-Rcpt-To header naming the envelope recipients, so a
test can see exactly whom the message went to (a Bcc smuggled into a header would show up there). Prints "ready" once
it accepts connections and runs until it is terminated.
"""
import os
import signal
import sys
import threading
import time
import uuid

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, f"{time.time_ns()}-{uuid.uuid4().hex}.eml")
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        header = ("X-Sink-Rcpt-To: " + ", ".join(envelope.rcpt_tos) + "\r\n").encode("utf-8")
        # Written under another name and renamed, so a reader never sees half a message.
        with open(name + ".partial", "wb") as file:
            file.write(header + content)
        os.rename(name + ".partial", name)
        return "250 Message accepted for delivery"


def main():
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Store(folder), hostname=host, port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
