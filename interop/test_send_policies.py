"""What Coffer does when the road to the recipient is not good enough: REQUIRETLS (RFC 8689)
and the per-account "require TLS" setting bounce rather than deliver in clear to a Postfix
without STARTTLS; a message queued while the peer is down survives a restart of Coffer and
goes out on `coffer queue retry`; DNSSEC validation from the root refuses an unsigned test
zone while an empty trust-anchors file lets it through as insecure. Needs root (Postfix),
postfix, dnsmasq."""

import email
import re
import unittest

from send_fixture import (ALICE, ALICE_PASSWORD, CAROL, Dnsmasq, PlainSmtpPeer, Postfix, SendingCoffer,
                          new_message_id, outgoing_message, require_tools, wait_until)
from coffer_fixture import message_ids, set_config

BOUNCE_TIMEOUT = 90


class RequireTlsTest(unittest.TestCase):
    """The peer is a real Postfix with smtpd_tls_security_level = none: no STARTTLS."""

    def setUp(self):
        require_tools(self, "postfix", "dnsmasq")
        self.dns = Dnsmasq.for_mx(self)
        self.postfix = Postfix(self, tls=False).start()
        self.coffer = SendingCoffer.started(self, self.dns.address, self.postfix.port)

    def submit(self, message_id, mail_options=()):
        with self.coffer.submissions() as smtp:
            smtp.login(ALICE, self.coffer.app_password)
            smtp.ehlo()
            if "REQUIRETLS" in mail_options:
                self.assertTrue(smtp.has_extn("requiretls"), "submissions advertises REQUIRETLS")
            self.assertEqual(smtp.sendmail(ALICE, [CAROL], outgoing_message(message_id),
                                           mail_options=list(mail_options)), {})

    def detail(self):
        return "queue:\n%s\ncoffer log:\n%s\npostfix log:\n%s" % (
            self.coffer.cli("queue", "list").stdout, self.coffer.log(), self.postfix.log())

    def wait_for_bounce(self):
        """The DSN in alice's INBOX (decrypted with `coffer export`)."""
        return wait_until(lambda: self.coffer.export_eml(address=ALICE, password=ALICE_PASSWORD), BOUNCE_TIMEOUT,
                          "a DSN in %s's INBOX" % ALICE, self.detail)

    def assertBouncedWith5710(self, message_id):
        inbox = self.wait_for_bounce()
        self.assertEqual(len(inbox), 1, "exactly one DSN")
        dsn = email.message_from_bytes(inbox[0])
        self.assertEqual(dsn.get_content_type(), "multipart/report")
        self.assertEqual(dsn.get_param("report-type"), "delivery-status")
        status = [part for part in dsn.walk() if part.get_content_type() == "message/delivery-status"]
        self.assertEqual(len(status), 1, "one message/delivery-status part")
        text = inbox[0].decode("utf-8", "replace")
        self.assertRegex(text, r"(?mi)^Final-Recipient: rfc822;\s*%s\r?$" % re.escape(CAROL))
        self.assertRegex(text, r"(?mi)^Action: failed\r?$")
        self.assertRegex(text, r"(?mi)^Status: 5\.7\.10\r?$")
        self.assertIn(message_id, text, "the DSN names (or carries the headers of) the bounced message")
        # Postfix received nothing: no transaction was opened, nothing reached the mailbox.
        self.assertEqual(self.postfix.messages(), [])
        self.assertNotIn("client=", self.postfix.log(), "Postfix must not have accepted a MAIL transaction")
        self.coffer.wait_for_queue(lambda listing: listing.strip() == "", 30, "the bounced message leaves the queue")

    def test_requiretls_to_a_peer_without_starttls_bounces_with_5_7_10(self):
        message_id = new_message_id()
        self.submit(message_id, mail_options=["REQUIRETLS"])
        self.assertBouncedWith5710(message_id)

    def test_require_tls_account_setting_bounces_without_the_requiretls_parameter(self):
        self.assertIn("on", self.coffer.cli_ok("user", "require-tls", ALICE, "on"))
        message_id = new_message_id()
        self.submit(message_id)
        self.assertBouncedWith5710(message_id)

    def test_without_requiretls_the_same_peer_gets_the_message_in_clear(self):
        # The control for the two tests above: RFC 7435 opportunistic TLS falls back to clear text.
        message_id = new_message_id()
        self.submit(message_id)
        delivered = self.postfix.wait_for_messages(detail=self.detail)
        self.assertEqual(message_ids(delivered), [message_id])
        self.assertNotIn("TLS connection established", self.postfix.log())
        self.coffer.wait_for_queue(lambda listing: listing.strip() == "", 30, "the queue empties")


class QueueSurvivesRestartTest(unittest.TestCase):

    def test_message_queued_while_the_peer_is_down_is_delivered_after_a_coffer_restart(self):
        require_tools(self, "postfix", "dnsmasq")
        dns = Dnsmasq.for_mx(self)
        postfix = Postfix(self)  # configured, not started: nothing listens on its port yet
        coffer = SendingCoffer.started(self, dns.address, postfix.port)

        message_id = new_message_id()
        with coffer.submissions() as smtp:
            smtp.login(ALICE, coffer.app_password)
            self.assertEqual(smtp.sendmail(ALICE, [CAROL], outgoing_message(message_id)), {})

        # The first attempt fails (connection refused); the message waits, deferred, in the queue.
        listing = coffer.wait_for_queue(lambda text: re.search(r"attempts [1-9]", text) and text, 60,
                                        "a failed first attempt in `coffer queue list`")
        self.assertRegex(listing, r"(?m)^    %s  pending  \S" % re.escape(CAROL), "pending, with the last error")
        [queue_id] = coffer.queue_ids()

        coffer.stop()
        self.assertEqual(coffer.queue_ids(), [queue_id], "still queued while Coffer is stopped")
        postfix.start()
        # The next regular retry would be 5 minutes later; make it due now, while Coffer is down.
        self.assertIn(queue_id, coffer.cli_ok("queue", "retry", queue_id))
        coffer.start()

        delivered = postfix.wait_for_messages(detail=lambda: "queue:\n%s\ncoffer log:\n%s" % (
            coffer.cli("queue", "list").stdout, coffer.log()))
        self.assertEqual(message_ids(delivered), [message_id], "delivered exactly once")
        coffer.wait_for_queue(lambda text: text.strip() == "", 30, "the queue empties after delivery")
        sent = coffer.export_eml(address=ALICE, password=ALICE_PASSWORD, mailbox="Sent")
        self.assertEqual(message_ids(sent), [message_id], "one copy in Sent, not one per attempt")


class TrustAnchorTest(unittest.TestCase):
    """[dns] trust_anchors: an empty file means no anchor at all, so unsigned answers are
    INSECURE and usable; without it Coffer validates from the root, and a test zone that
    cannot show a chain from the root is refused (deferred, never delivered)."""

    def setUp(self):
        require_tools(self, "dnsmasq")
        self.dns = Dnsmasq.for_mx(self)
        self.peer = PlainSmtpPeer(self)

    def submit(self, coffer):
        message_id = new_message_id()
        with coffer.submissions() as smtp:
            smtp.login(ALICE, coffer.app_password)
            self.assertEqual(smtp.sendmail(ALICE, [CAROL], outgoing_message(message_id)), {})
        return message_id

    def test_an_empty_trust_anchors_file_lets_unsigned_test_answers_through(self):
        coffer = SendingCoffer.started(self, self.dns.address, self.peer.port, trust_anchors="")
        message_id = self.submit(coffer)
        wait_until(lambda: self.peer.transactions, 60, "the message at the peer",
                   lambda: "queue:\n%s\n%s" % (coffer.cli("queue", "list").stdout, coffer.log()))
        self.assertEqual(message_ids([data for _, _, data in self.peer.transactions]), [message_id])

    def test_validating_from_the_root_defers_an_unsigned_test_zone(self):
        coffer = SendingCoffer(self.dns.address, self.peer.port)
        self.addCleanup(coffer.remove)
        set_config(coffer.data, "dns", "trust_anchors", '""')
        coffer.start()
        self.submit(coffer)
        listing = coffer.wait_for_queue(lambda text: "DNSSEC" in text and text, 60,
                                        "a DNSSEC failure in `coffer queue list`")
        self.assertRegex(listing, r"(?m)^    %s  pending  .*DNSSEC validation failed" % re.escape(CAROL))
        self.assertEqual(self.peer.sessions, [], "no connection to the MX without a validated answer")


if __name__ == "__main__":
    unittest.main()
