"""Who sent it: inbound mail checked with SPF, DKIM, ARC and DMARC against records that a
private dnsmasq serves, as a receiving Coffer sees them. Messages signed by python3-dkim and
by another Coffer verify, tampered ones fail; a domain's p=reject refuses failing mail with 550
at DATA, p=quarantine sends it to Junk, and mail forwarded with a valid ARC chain is accepted
although it fails DMARC. The results are read from the Authentication-Results field inside
the stored (encrypted) message, through `coffer export`."""

import base64
import email.utils
import smtplib
import subprocess
import tempfile
import unittest
from pathlib import Path

from coffer_fixture import DEMO, HOSTNAME, PASSWORD, Coffer, message_ids, set_config
from send_fixture import (CAROL, Dnsmasq, SendingCoffer, _SenderTemplate, dkim_records, import_dkim,
                          new_message_id, outgoing_message, require_tools, wait_until)

SIGNED_HEADERS = [b"from", b"to", b"subject", b"date", b"message-id"]


class Key:
    """An RSA key made with openssl, and its DKIM TXT record."""

    def __init__(self, directory, name):
        self.pem_path = Path(directory) / (name + ".pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                        "-out", str(self.pem_path)], check=True, capture_output=True, timeout=60)
        self.pem = self.pem_path.read_bytes()
        der = subprocess.run(["openssl", "pkey", "-in", str(self.pem_path), "-pubout", "-outform", "DER"],
                             check=True, capture_output=True, timeout=60).stdout
        self.record = "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode("ascii")


def txt(name, text):
    """A dnsmasq --txt-record option; long texts become several character-strings (RFC 7208 §3.3),
    which dnsmasq separates by commas (the texts here have none)."""
    assert "," not in text
    parts = [text[i:i + 250] for i in range(0, len(text), 250)]
    return "--txt-record=%s,%s" % (name, ",".join(parts))


def message(sender, to, subject, body="Hello from the mailauth interop test.", extra=""):
    return ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\n%s\r\n%s\r\n" % (
        sender, to, subject, email.utils.formatdate(), new_message_id(), extra, body)).encode("utf-8")


def use_test_resolver(coffer, dns):
    """DNS from the private dnsmasq, whose zones are unsigned: an empty trust-anchor file makes
    them insecure rather than bogus, as unsigned zones under a signed root are."""
    (coffer.data / "trust-anchors.txt").write_text("")
    set_config(coffer.data, "dns", "resolver", '"%s"' % dns.address)
    set_config(coffer.data, "dns", "trust_anchors", '"trust-anchors.txt"')


def results_of(stored):
    """The unfolded value of the first Authentication-Results field of a stored message."""
    head = stored.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").replace("\r\n ", " ").replace("\r\n\t", " ")
    for line in head.split("\r\n"):
        if line.lower().startswith("authentication-results:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError("no Authentication-Results field in:\n" + head)


class InboundAuthenticationTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.keys_dir = tempfile.mkdtemp(prefix="mailauth-keys-")
        cls.sender_key = Key(cls.keys_dir, "sender")
        cls.author_key = Key(cls.keys_dir, "author")
        cls.forwarder_key = Key(cls.keys_dir, "forwarder")

    def setUp(self):
        require_tools(self, "dnsmasq", "openssl")
        self.dkim = import_dkim()
        zones = ("sender.example", "rejecting.example", "quarantining.example", "author.example",
                 "forwarder.example")
        self.dns = Dnsmasq(self, [
            txt("sender.example", "v=spf1 ip4:127.0.0.1 -all"),
            txt("sel._domainkey.sender.example", self.sender_key.record),
            txt("_dmarc.sender.example", "v=DMARC1; p=reject"),
            txt("rejecting.example", "v=spf1 -all"),
            txt("_dmarc.rejecting.example", "v=DMARC1; p=reject"),
            txt("quarantining.example", "v=spf1 -all"),
            txt("_dmarc.quarantining.example", "v=DMARC1; p=quarantine"),
            txt("author.example", "v=spf1 -all"),
            txt("sel._domainkey.author.example", self.author_key.record),
            txt("_dmarc.author.example", "v=DMARC1; p=reject"),
            txt("forwarder.example", "v=spf1 ip4:127.0.0.1 -all"),
            txt("arc._domainkey.forwarder.example", self.forwarder_key.record),
        ], zones=zones)
        self.coffer = Coffer()
        self.addCleanup(self.coffer.remove)
        use_test_resolver(self.coffer, self.dns)
        self.coffer.start()

    def send(self, sender, raw):
        with self.coffer.smtp() as smtp:
            smtp.sendmail(sender, [DEMO], raw)

    def stored(self, mailbox, raw):
        wanted = message_ids([raw])[0]
        found = [m for m in self.coffer.export_eml(mailbox=mailbox) if wanted in message_ids([m])]
        self.assertEqual(len(found), 1, "%s should be in %s once" % (wanted, mailbox))
        return found[0]

    def signed(self, raw, key, domain, selector=b"sel"):
        return self.dkim.sign(raw, selector, domain.encode(), key.pem, include_headers=SIGNED_HEADERS) + raw

    def test_a_message_signed_by_python_dkim_passes_every_check(self):
        raw = self.signed(message("news@sender.example", DEMO, "Signed"), self.sender_key, "sender.example")

        self.send("bounce@sender.example", raw)

        results = results_of(self.stored("INBOX", raw))
        self.assertTrue(results.startswith(HOSTNAME + ";"), results)
        self.assertIn("spf=pass", results)
        self.assertRegex(results, r"dkim=pass .*header\.d=sender\.example")
        self.assertIn("dmarc=pass", results)

    def test_a_tampered_message_fails_dkim(self):
        raw = self.signed(message("news@sender.example", DEMO, "Signed"), self.sender_key, "sender.example")
        tampered = raw.replace(b"Hello from", b"Hullo from")

        self.send("bounce@sender.example", tampered)

        results = results_of(self.stored("INBOX", tampered))
        self.assertRegex(results, r"dkim=fail .*header\.d=sender\.example")
        # SPF still passes aligned, so DMARC passes and the message is kept.
        self.assertIn("dmarc=pass", results)

    def test_a_reject_policy_refuses_failing_mail_at_data(self):
        raw = message("ceo@rejecting.example", DEMO, "Urgent wire transfer")

        with self.assertRaises(smtplib.SMTPDataError) as refused:
            self.send("ceo@rejecting.example", raw)

        self.assertEqual(refused.exception.smtp_code, 550)
        self.assertIn(b"5.7.1", refused.exception.smtp_error)

    def test_a_quarantine_policy_files_failing_mail_in_junk(self):
        raw = message("offers@quarantining.example", DEMO, "Great offer")

        self.send("offers@quarantining.example", raw)

        results = results_of(self.stored("Junk", raw))
        self.assertIn("dmarc=fail", results)
        self.assertNotIn(message_ids([raw])[0], message_ids(self.coffer.export_eml(mailbox="INBOX")))

    def test_forwarded_mail_with_a_valid_arc_chain_is_accepted(self):
        forwarded = self.forwarded_through_a_list()
        sealed = self.arc_sealed(forwarded)

        self.send("list-bounces@forwarder.example", sealed)

        results = results_of(self.stored("INBOX", sealed))
        self.assertIn("arc=pass", results)
        self.assertIn("dmarc=fail", results)

    def test_the_same_forwarded_mail_without_arc_is_refused(self):
        with self.assertRaises(smtplib.SMTPDataError) as refused:
            self.send("list-bounces@forwarder.example", self.forwarded_through_a_list())

        self.assertEqual(refused.exception.smtp_code, 550)

    def forwarded_through_a_list(self):
        """Signed by author.example (p=reject), then changed by a mailing list: DKIM breaks."""
        original = self.signed(message("writer@author.example", "list@forwarder.example", "Minutes"),
                               self.author_key, "author.example")
        return original.replace(b"Subject: Minutes", b"Subject: [list] Minutes") + b"-- \r\nlist footer\r\n"

    def arc_sealed(self, forwarded):
        """What the list adds: its Authentication-Results (the author's DKIM passed when it arrived) and an ARC set."""
        received = (b"Authentication-Results: forwarder.example; dkim=pass header.d=author.example;"
                    b" spf=pass smtp.mailfrom=author.example; dmarc=pass header.from=author.example\r\n")
        fields = self.dkim.arc_sign(received + forwarded, b"arc", b"forwarder.example", self.forwarder_key.pem,
                                    b"forwarder.example", include_headers=SIGNED_HEADERS)
        self.assertTrue(fields, "dkimpy added no ARC set")
        return b"".join(fields) + received + forwarded


class CofferToCofferTest(unittest.TestCase):
    """A message a second Coffer submits, signs (Ed25519 and RSA) and delivers is verified by the
    receiving Coffer with the records the sender's `coffer domain dkim` prints."""

    def setUp(self):
        require_tools(self, "dnsmasq", "openssl")
        self.receiver = Coffer()
        self.addCleanup(self.receiver.remove)
        self.receiver.cli_ok("domain", "add", "example.net")
        self.receiver.cli_ok("user", "add", CAROL, passwords=[PASSWORD])
        _SenderTemplate.get()
        records = dkim_records(_SenderTemplate.dkim_output)
        options = ["--mx-host=example.net,mx.example.net,10", "--host-record=mx.example.net,127.0.0.1",
                   txt("coffer.test", "v=spf1 ip4:127.0.0.1 -all"),
                   txt("_dmarc.coffer.test", "v=DMARC1; p=reject")]
        options += [txt(name.decode().rstrip("."), value.decode()) for name, value in records.items()]
        self.dns = Dnsmasq(self, options, zones=("example.net", "coffer.test"))
        use_test_resolver(self.receiver, self.dns)
        self.receiver.start()
        self.sender = SendingCoffer.started(self, self.dns.address, self.receiver.port)

    def test_coffer_signed_mail_passes_dkim_for_both_keys_and_dmarc(self):
        message_id = new_message_id()
        raw = outgoing_message(message_id)
        with self.sender.submissions() as smtp:
            smtp.login("alice@coffer.test", self.sender.app_password)
            smtp.sendmail("alice@coffer.test", [CAROL], raw)

        def arrived():
            found = [m for m in self.receiver.export_eml(address=CAROL, password=PASSWORD)
                     if message_id in message_ids([m])]
            return found[0] if found else None
        stored = wait_until(arrived, 60, "the message reaching the second Coffer",
                            lambda: "sender log:\n%s\nreceiver log:\n%s" % (self.sender.log(), self.receiver.log()))

        results = results_of(stored)
        self.assertRegex(results, r"dkim=pass [^;]*header\.d=coffer\.test[^;]*header\.a=ed25519-sha256")
        self.assertRegex(results, r"dkim=pass [^;]*header\.d=coffer\.test[^;]*header\.a=rsa-sha256")
        self.assertIn("spf=pass", results)
        self.assertIn("dmarc=pass", results)


if __name__ == "__main__":
    unittest.main()
