"""Zero access (DESIGN §8): after delivery, no file under the data directory holds a
subject, a body, an attachment's name or content, in clear or in any transfer encoding
that was on the wire. Only the owner, with the password, gets the exact bytes back."""

import base64
import email.utils
import quopri
import re
import unittest
import uuid

from coffer_fixture import DEMO, Coffer, message_ids, send, without_trace

SENDER = "alice@example.org"


def marker(kind):
    return "MARKER-%s-%s" % (kind, uuid.uuid4().hex)


def base64_renderings(text):
    """Whatever the alignment of TEXT in a base64 stream, one of these appears in it."""
    data = text.encode("utf-8")
    renderings = []
    for start in range(3):
        aligned = data[start:]
        aligned = aligned[:len(aligned) // 3 * 3]
        renderings.append(base64.b64encode(aligned))
    return renderings


class Message:
    """A message as sent: its bytes, and the secrets it carries with their renderings."""

    def __init__(self, headers, body, secrets, mail_options=()):
        self.message_id = "<%s@client.example.org>" % uuid.uuid4()
        head = ["From: Alice <%s>" % SENDER, "To: %s" % DEMO, "Date: " + email.utils.formatdate(),
                "Message-ID: " + self.message_id, *headers]
        self.raw = ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body
        self.secrets = secrets
        self.mail_options = list(mail_options)

    def needles(self):
        """Each secret in clear and base64, plus the encoded forms it takes in this message."""
        found = set()
        for secret, encoded_forms in self.secrets.items():
            found.add(secret.encode("utf-8"))
            found.update(base64_renderings(secret))
            found.update(encoded_forms)
        return found


def plain_message():
    subject, body = marker("subject"), marker("body")
    text = ("Dear demo,\r\n"
            "the secret is %s.\r\n"
            "From here on, this line starts with 'From ' and must be quoted in mbox.\r\n"
            ".a line starting with a dot survives dot-stuffing\r\n"
            "Regards\r\n" % body)
    return Message(["Subject: Plans %s" % subject], text.encode("ascii"), {subject: [], body: []})


def non_ascii_message():
    # RFC 2047 encoded-word subject, RFC 6152 8BITMIME body in UTF-8.
    subject, body = marker("subject-utf8"), marker("body-8bit")
    subject_text = "Grüße aus Köln %s" % subject
    encoded_word = "=?UTF-8?B?%s?=" % base64.b64encode(subject_text.encode("utf-8")).decode("ascii")
    text = "Schöne Grüße — %s ✓\r\nÄrger mit Übergrößen.\r\n" % body
    return Message(["Subject: " + encoded_word, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                    "Content-Transfer-Encoding: 8bit"],
                   text.encode("utf-8"),
                   {subject: [encoded_word.encode("ascii")], subject_text: [], body: []},
                   mail_options=["BODY=8BITMIME"])


def attachment_message():
    subject, body, file_name, content = (marker("subject-mixed"), marker("body-qp"), marker("filename"),
                                         marker("attachment"))
    text = "Café crème: %s\r\n" % body
    quoted_printable = quopri.encodestring(text.encode("utf-8").replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
    attachment = base64.encodebytes(("attachment content %s\n" % content).encode("ascii")).replace(b"\n", b"\r\n")
    mime = (b"--b1\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + quoted_printable +
            b"--b1\r\n"
            b"Content-Type: application/octet-stream; name=\"report-%s.pdf\"\r\n"
            b"Content-Disposition: attachment; filename=\"report-%s.pdf\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" % (file_name.encode(), file_name.encode()) + attachment +
            b"--b1--\r\n")
    return Message(["Subject: Report %s" % subject, "MIME-Version: 1.0",
                    "Content-Type: multipart/mixed; boundary=\"b1\""], mime,
                   {subject: [], body: [quoted_printable.strip()], file_name: [], content: [attachment.strip()]})


class ZeroAccessTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer.started(self)
        self.sent = [plain_message(), non_ascii_message(), attachment_message()]
        for message in self.sent:
            self.assertEqual(send(self.coffer, SENDER, [DEMO], message.raw, mail_options=message.mail_options), {})

    def assertNoFileHoldsASecret(self):
        needles = set().union(*(message.needles() for message in self.sent))
        files = self.coffer.data_files()
        self.assertTrue(any(f.name == "coffer.db" for f in files))
        self.assertTrue(any("blobs" in f.parts for f in files))
        leaks = []
        for file in files:
            content = file.read_bytes()
            leaks += [(str(file.relative_to(self.coffer.data)), needle) for needle in needles if needle in content]
        self.assertEqual(leaks, [], "secrets found in the data directory")

    def test_every_secret_is_really_on_the_wire(self):
        # Guards the scan below: each secret, as searched for, is in the bytes sent.
        for message in self.sent:
            for secret, encoded_forms in message.secrets.items():
                forms = [secret.encode("utf-8"), *base64_renderings(secret), *encoded_forms]
                self.assertTrue(any(form in message.raw for form in forms), secret)
                for form in encoded_forms:
                    self.assertIn(form, message.raw)

    def test_no_file_in_the_data_directory_holds_a_secret_while_running_or_after_stop(self):
        self.assertNoFileHoldsASecret()
        self.coffer.stop()
        self.assertNoFileHoldsASecret()

    def test_the_server_log_holds_no_secret(self):
        needles = set().union(*(message.needles() for message in self.sent))
        log = self.coffer.log().encode("utf-8")
        self.assertEqual([needle for needle in needles if needle in log], [])

    def test_stored_messages_are_pgp_mime_with_a_hidden_subject(self):
        for (blob_id,) in self.coffer.query("SELECT blob_id FROM messages"):
            stored = self.coffer.blob_path(blob_id).read_bytes()
            head = stored.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in stored else stored.split(b"\n\n", 1)[0]
            self.assertRegex(head, rb"(?im)^Content-Type: multipart/encrypted;")
            self.assertRegex(head, rb"(?m)^Subject: \[\.\.\.\]\r?$")
            self.assertIn(b"-----BEGIN PGP MESSAGE-----", stored)

    def test_eml_export_returns_each_message_exactly_as_sent_after_the_trace_fields(self):
        exported = self.coffer.export_eml()
        self.assertEqual(sorted(message_ids(exported)), sorted(m.message_id for m in self.sent))
        by_id = dict(zip(message_ids(exported), exported))
        for message in self.sent:
            with self.subTest(message.message_id):
                stored = by_id[message.message_id]
                self.assertRegex(stored, rb"\AReturn-Path: <alice@example\.org>\r\n(?:(?:X-Spam-Status|Authentication-Results):"
                                         rb"[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*)*Received: ")
                self.assertEqual(without_trace(stored), message.raw)

    def test_mbox_export_holds_every_message_and_quotes_body_lines_starting_with_from(self):
        mbox = self.coffer.export_mbox()
        separators = re.findall(rb"(?m)^From [^\r\n]*$", mbox)
        self.assertEqual(len(separators), len(self.sent), separators)
        self.assertIn(b"\n>From here on, this line starts with 'From '", mbox)
        self.assertNotIn(b"\r\n", mbox, "mbox uses LF line ends")


if __name__ == "__main__":
    unittest.main()
