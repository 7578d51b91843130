"""Durability under load (DESIGN §8): a 250 reply means the message is stored. Many
concurrent sessions lose nothing and store nothing twice, and neither does `kill -9`
in the middle of the load followed by a restart."""

import smtplib
import threading
import time
import unittest
from collections import Counter

from coffer_fixture import DEMO, Coffer, new_message_id, simple_message

SESSIONS = 200
MESSAGES_PER_SESSION = 10
KILL_AFTER = 500
LOAD_TIMEOUT = 180  # leaves room for start, restart and stop within 4 minutes


class Load:
    """SESSIONS threads, each with its own SMTP connection, sending one message after another.
    Records the Message-ID of every message that got 250."""

    def __init__(self, port, deadline):
        self.port = port
        self.deadline = deadline
        self.accepted = []
        self.failures = []
        self.stopped = threading.Event()
        self.progress = threading.Condition()
        self.threads = [threading.Thread(target=self.session, daemon=True) for _ in range(SESSIONS)]

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def session(self):
        try:
            with smtplib.SMTP("127.0.0.1", self.port, local_hostname="load.example.org", timeout=60) as smtp:
                for _ in range(MESSAGES_PER_SESSION):
                    if self.stopped.is_set() or time.monotonic() > self.deadline:
                        return
                    message_id = new_message_id()
                    smtp.sendmail("load@example.org", [DEMO], simple_message(message_id))
                    with self.progress:
                        self.accepted.append(message_id)
                        self.progress.notify_all()
        except (smtplib.SMTPException, OSError) as e:
            self.failures.append("%s: %s" % (type(e).__name__, e))

    def wait_for_accepted(self, count):
        with self.progress:
            while len(self.accepted) < count:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("only %d of %d messages accepted in time; failures: %s"
                                         % (len(self.accepted), count, self.failures[:5]))
                self.progress.wait(left)

    def stop_and_join(self):
        """Stops sending; every session ends by itself (its connection is dead or it stops)."""
        self.stopped.set()
        self.join()

    def join(self):
        for thread in self.threads:
            thread.join(max(0.0, self.deadline - time.monotonic()))
        alive = sum(thread.is_alive() for thread in self.threads)
        if alive:
            self.stopped.set()
            raise AssertionError("%d SMTP sessions still running at the deadline" % alive)


def stored_message_ids(coffer):
    """Message-ID column of every stored message (read after the server stopped)."""
    return Counter(value.strip() for (value,) in coffer.query("SELECT message_id FROM messages"))


class ConcurrencyTest(unittest.TestCase):

    def setUp(self):
        self.deadline = time.monotonic() + LOAD_TIMEOUT
        # one client address and one sender send everything: the hourly message rates must not get in the way
        self.coffer = Coffer.started(self, max_connections_per_ip=SESSIONS + 50,
                                     max_messages_per_ip_per_hour=10 * SESSIONS * MESSAGES_PER_SESSION,
                                     max_messages_per_sender_per_hour=10 * SESSIONS * MESSAGES_PER_SESSION)

    def test_two_hundred_concurrent_sessions_deliver_every_message_exactly_once(self):
        load = Load(self.coffer.port, self.deadline).start()
        load.join()
        self.coffer.stop()
        self.assertEqual(load.failures, [], "every session should end cleanly")
        self.assertEqual(len(load.accepted), SESSIONS * MESSAGES_PER_SESSION)
        stored = stored_message_ids(self.coffer)
        self.assertEqual([m for m in load.accepted if stored[m] != 1], [],
                         "accepted messages missing or stored twice")
        self.assertEqual(sum(stored.values()), len(load.accepted), "nothing stored that was not accepted")

    def test_kill_9_under_load_loses_no_acknowledged_message(self):
        load = Load(self.coffer.port, self.deadline).start()
        load.wait_for_accepted(KILL_AFTER)
        self.coffer.kill()
        load.stop_and_join()
        acknowledged = list(load.accepted)
        self.assertGreaterEqual(len(acknowledged), KILL_AFTER)
        self.assertLess(len(acknowledged), SESSIONS * MESSAGES_PER_SESSION, "the kill came mid-run")

        self.coffer.start()
        message_id = new_message_id()
        with self.coffer.smtp() as smtp:
            self.assertEqual(smtp.sendmail("load@example.org", [DEMO], simple_message(message_id)), {},
                             "the restarted server accepts mail")
        self.coffer.stop()

        stored = stored_message_ids(self.coffer)
        self.assertEqual([m for m in acknowledged if stored[m] == 0], [], "acknowledged before the kill, lost")
        self.assertEqual({m: n for m, n in stored.items() if n > 1}, {}, "stored twice")
        self.assertEqual(stored[message_id], 1)
        missing_blobs = [blob for (blob,) in self.coffer.query("SELECT blob_id FROM messages")
                         if not self.coffer.blob_path(blob).is_file()]
        self.assertEqual(missing_blobs, [], "every stored row has its blob")


if __name__ == "__main__":
    unittest.main()
