"""Inbound limits as a real client meets them: Python's smtplib against `coffer serve` with
[smtp] limits set in coffer.toml. Greylisting (RFC 6647) defers a new triplet with 451 4.7.1
and accepts the retry after the delay, remembering it across a restart; the per-address and
per-sender message rates answer 450 4.7.1 at MAIL FROM; connections over the per-address
limit get 421. Log lines name no client address."""

import smtplib
import time
import unittest

from coffer_fixture import DEMO, Coffer, message_ids, new_message_id, simple_message

SENDER = "alice@example.org"
GREYLIST_DELAY = 2
# a retry comes a little after the delay; bounded, like every wait here
RETRY_AFTER = GREYLIST_DELAY + 0.5


class GreylistingTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer.started(self, greylisting="true", greylist_delay_seconds=GREYLIST_DELAY)

    def send(self, sender, message_id):
        with self.coffer.smtp() as smtp:
            return smtp.sendmail(sender, [DEMO], simple_message(message_id))

    def test_a_new_triplet_is_deferred_then_the_retry_after_the_delay_is_accepted(self):
        first = new_message_id()
        with self.assertRaises(smtplib.SMTPRecipientsRefused) as refused:
            self.send(SENDER, first)
        code, text = refused.exception.recipients[DEMO]
        self.assertEqual(code, 451)
        self.assertEqual(text.decode(), "4.7.1 Greylisted, try again in %d seconds" % GREYLIST_DELAY)

        # too early: still deferred
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.send(SENDER, first)

        time.sleep(RETRY_AFTER)
        self.assertEqual(self.send(SENDER, first), {})
        self.assertEqual(message_ids(self.coffer.export_eml()), [first])

        # the client's network has passed once: another sender from it gets through at once
        second = new_message_id()
        self.assertEqual(self.send("bob@another.example", second), {})

        lines = [line for line in self.coffer.log().splitlines() if "event=greylisted" in line]
        self.assertEqual(len(lines), 2, self.coffer.log())
        for line in lines:
            self.assertNotIn("127.0.0.1", line)

    def test_a_restart_does_not_greylist_again(self):
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.send(SENDER, new_message_id())
        time.sleep(RETRY_AFTER)
        self.coffer.stop()
        self.coffer.start()
        message_id = new_message_id()
        self.assertEqual(self.send(SENDER, message_id), {})
        self.assertEqual(message_ids(self.coffer.export_eml()), [message_id])

    def test_unknown_recipients_are_refused_not_greylisted(self):
        with self.coffer.smtp() as smtp:
            smtp.ehlo()
            self.assertEqual(smtp.mail(SENDER)[0], 250)
            code, text = smtp.rcpt("nobody@coffer.test")
            self.assertEqual((code, text.split()[0]), (550, b"5.1.1"))


class MessageRateTest(unittest.TestCase):

    def test_the_sixth_message_within_the_hour_from_one_address_gets_450_at_mail_from(self):
        coffer = Coffer.started(self, max_messages_per_ip_per_hour=5)
        sent = []
        with coffer.smtp() as smtp:
            for i in range(5):
                message_id = new_message_id()
                self.assertEqual(smtp.sendmail("sender%d@example.org" % i, [DEMO], simple_message(message_id)), {})
                sent.append(message_id)
            with self.assertRaises(smtplib.SMTPSenderRefused) as refused:
                smtp.sendmail("sender9@example.org", [DEMO], simple_message(new_message_id()))
        self.assertEqual(refused.exception.smtp_code, 450)
        self.assertRegex(refused.exception.smtp_error.decode(),
                         r"^4\.7\.1 Too many messages from your address in the last hour \(limit 5\),"
                         r" try again in [0-9]+ seconds$")
        # a new session from the same address is refused too
        with coffer.smtp() as smtp:
            smtp.ehlo()
            self.assertEqual(smtp.mail("sender9@example.org")[0], 450)
        self.assertEqual(message_ids(coffer.export_eml()), sent)
        lines = [line for line in coffer.log().splitlines() if "event=rate-limited" in line]
        self.assertEqual(len(lines), 2, coffer.log())
        for line in lines:
            self.assertIn("scope=ip", line)
            self.assertNotIn("127.0.0.1", line)

    def test_a_sender_over_its_hourly_messages_gets_450_while_others_go_on(self):
        coffer = Coffer.started(self, max_messages_per_sender_per_hour=2)
        with coffer.smtp() as smtp:
            for _ in range(2):
                self.assertEqual(smtp.sendmail(SENDER, [DEMO], simple_message(new_message_id())), {})
            with self.assertRaises(smtplib.SMTPSenderRefused) as refused:
                smtp.sendmail(SENDER.upper(), [DEMO], simple_message(new_message_id()))
            self.assertEqual(refused.exception.smtp_code, 450)
            self.assertIn(b"4.7.1 Too many messages from this sender", refused.exception.smtp_error)
            smtp.rset()
            self.assertEqual(smtp.sendmail("bob@another.example", [DEMO], simple_message(new_message_id())), {})
        self.assertEqual(len(coffer.export_eml()), 3)


class ConnectionLimitTest(unittest.TestCase):

    def test_a_connection_over_the_per_address_limit_gets_421_and_a_freed_slot_is_reused(self):
        coffer = Coffer.started(self, max_connections_per_ip=3)
        held = [coffer.smtp(timeout=10) for _ in range(3)]
        try:
            for smtp in held:
                self.assertEqual(smtp.noop()[0], 250)
            with self.assertRaises(smtplib.SMTPConnectError) as refused:
                coffer.smtp(timeout=10)
            self.assertEqual(refused.exception.smtp_code, 421)
            self.assertIn(b"4.7.0", refused.exception.smtp_error)
        finally:
            held.pop().quit()
        # the server frees the slot once the session has ended; wait for that, boundedly
        deadline = time.monotonic() + 10
        while True:
            try:
                with coffer.smtp(timeout=10) as smtp:
                    self.assertEqual(smtp.noop()[0], 250)
                break
            except smtplib.SMTPConnectError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        for smtp in held:
            smtp.quit()


if __name__ == "__main__":
    unittest.main()
