"""JMAP beyond mail, on the wire: Identity, EmailSubmission and VacationResponse (RFC 8621
§6-§8) spoken as raw JSON over HTTPS with Python's urllib, as a third-party client would, with
an app password in Basic auth.

The world is send_fixture's: a private dnsmasq makes example.net's MX 127.0.0.1, where a tiny
SMTP peer records what arrives; Coffer runs with its https listener on. A submission must reach
that peer DKIM-signed, with the envelope derived from the headers and without the Bcc field; a
vacation response must answer a sender once (through the same queue and peer) and never a list.
"""

import base64
import json
import ssl
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from coffer_fixture import DOMAIN, HOSTNAME, set_config
from send_fixture import (ALICE, CAROL, DELIVERY_TIMEOUT, Dnsmasq, PlainSmtpPeer, SendingCoffer, new_message_id,
                          outgoing_message, require_tools, wait_until)

CORE = "urn:ietf:params:jmap:core"
MAIL = "urn:ietf:params:jmap:mail"
SUBMISSION = "urn:ietf:params:jmap:submission"
VACATION = "urn:ietf:params:jmap:vacationresponse"
SALES = "sales@" + DOMAIN
DAN = "dan@example.net"
HTTP_TIMEOUT = 30
QUIET_PERIOD = 5


class Jmap:
    """A JMAP client over urllib: the session resource (RFC 8620 §2), API requests (§3.3) and
    uploads (§6.1). Every URL the server names is reached at 127.0.0.1 with its own Host field."""

    def __init__(self, port, user, password, context):
        self.port = port
        self.context = context
        self.auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
        self.session = self.get_json("https://%s:%d/.well-known/jmap" % (HOSTNAME, port))
        self.api_url = self.session["apiUrl"]
        self.upload_url = self.session["uploadUrl"]

    def account(self, capability):
        """The primary account for a capability; Coffer gives each user one account, so the core's will do."""
        primary = self.session["primaryAccounts"]
        return primary.get(capability) or primary.get(MAIL) or next(iter(self.session["accounts"]))

    def _open(self, url, data=None, content_type=None):
        parts = urllib.parse.urlsplit(urllib.parse.urljoin("https://%s:%d/" % (HOSTNAME, self.port), url))
        local = urllib.parse.urlunsplit(("https", "127.0.0.1:%d" % self.port, parts.path, parts.query, ""))
        headers = {"Authorization": self.auth, "Host": parts.netloc, "Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(local, data=data, headers=headers, method="POST" if data is not None else "GET")
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=self.context), NoRedirect())
        try:
            with opener.open(request, timeout=HTTP_TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            if error.code in (301, 302, 307, 308):
                return self._open(error.headers["Location"], data, content_type)
            raise AssertionError("HTTP %d from %s: %s" % (error.code, url, error.read()[:2000]))

    def get_json(self, url):
        status, body = self._open(url)
        return json.loads(body)

    def call(self, using, *method_calls):
        """One request; returns its methodResponses as (name, arguments, callId) tuples."""
        payload = json.dumps({"using": [CORE, *using], "methodCalls": [list(c) for c in method_calls]})
        status, body = self._open(self.api_url, payload.encode("utf-8"), "application/json")
        return [tuple(response) for response in json.loads(body)["methodResponses"]]

    def upload(self, account_id, data, content_type="message/rfc822"):
        url = self.upload_url.replace("{accountId}", urllib.parse.quote(account_id))
        status, body = self._open(url, data, content_type)
        return json.loads(body)["blobId"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by Jmap._open, which keeps the Host field and the loopback address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def response(responses, name, call_id):
    for method, arguments, tag in responses:
        if tag == call_id and method == name:
            return arguments
    raise AssertionError("no %s response to %s in %s" % (name, call_id, json.dumps(responses, indent=1)[:4000]))


class JmapExtrasTest(unittest.TestCase):

    def setUp(self):
        require_tools(self, "dnsmasq")
        self.dns = Dnsmasq.for_mx(self)
        self.peer = PlainSmtpPeer(self)
        self.coffer = SendingCoffer(self.dns.address, self.peer.port)
        self.addCleanup(self.coffer.remove)
        set_config(self.coffer.data, "listeners", "https", '"127.0.0.1:0"')
        self.coffer.cli_ok("alias", "add", SALES, ALICE)
        self.password = self.coffer.cli_ok("user", "app-password", "add", ALICE, "jmap-client").strip()
        self.coffer.start()
        context = ssl.create_default_context(cafile=str(self.coffer.data / "ca.pem"))
        context.check_hostname = False
        self.jmap = Jmap(self.coffer.ports["https"], ALICE, self.password, context)
        self.account = self.jmap.account(SUBMISSION)

    def detail(self):
        return "peer transactions: %r\ncoffer log:\n%s" % (
            [(s, r) for s, r, _ in self.peer.transactions], self.coffer.log())

    def test_the_session_announces_the_capabilities(self):
        capabilities = self.jmap.session["capabilities"]
        self.assertIn(SUBMISSION, capabilities)
        self.assertIn(VACATION, capabilities)
        self.assertIn("urn:coffer:params:jmap:keys", capabilities)
        account = self.jmap.session["accounts"][self.account]["accountCapabilities"][SUBMISSION]
        self.assertEqual(account["maxDelayedSend"], 0)
        self.assertIsInstance(account["submissionExtensions"], dict)

    def test_identities_list_the_address_and_its_alias_and_refuse_foreign_ones(self):
        responses = self.jmap.call([SUBMISSION], ["Identity/get", {"accountId": self.account, "ids": None}, "0"])
        identities = response(responses, "Identity/get", "0")["list"]
        self.assertEqual(sorted(i["email"] for i in identities), sorted([ALICE, SALES]))
        self.assertTrue(all(i["mayDelete"] is False for i in identities))

        responses = self.jmap.call([SUBMISSION], ["Identity/set", {"accountId": self.account, "create": {
            "news": {"email": "alice+news@" + DOMAIN, "name": "Alice's news", "textSignature": "-- A"},
            "theft": {"email": "demo@" + DOMAIN}}}, "1"])
        result = response(responses, "Identity/set", "1")
        self.assertIn("news", result["created"])
        self.assertTrue(result["created"]["news"]["mayDelete"])
        self.assertEqual(result["notCreated"]["theft"]["type"], "forbiddenFrom")

    def test_a_submission_reaches_the_remote_mx_signed_and_without_bcc(self):
        mailboxes = response(self.jmap.call([MAIL], ["Mailbox/get", {"accountId": self.account, "ids": None}, "m"]),
                             "Mailbox/get", "m")["list"]
        roles = {mailbox.get("role"): mailbox["id"] for mailbox in mailboxes}
        identity = response(self.jmap.call([SUBMISSION], ["Identity/get", {"accountId": self.account}, "i"]),
                            "Identity/get", "i")["list"]
        alice = next(i["id"] for i in identity if i["email"] == ALICE)
        message_id = new_message_id()
        blob = self.jmap.upload(self.account, outgoing_message(
            message_id, to=CAROL, subject="JMAP submission", extra_headers="Bcc: %s\r\n" % DAN))

        responses = self.jmap.call(
            [MAIL, SUBMISSION],
            ["Email/import", {"accountId": self.account, "emails": {"draft": {
                "blobId": blob, "mailboxIds": {roles["drafts"]: True}, "keywords": {"$draft": True}}}}, "0"],
            ["EmailSubmission/set", {"accountId": self.account,
                                     "create": {"send": {"identityId": alice, "emailId": "#draft"}},
                                     "onSuccessUpdateEmail": {"#send": {
                                         "mailboxIds/" + roles["drafts"]: None,
                                         "mailboxIds/" + roles["sent"]: True,
                                         "keywords/$draft": None}}}, "1"])

        created = response(responses, "EmailSubmission/set", "1")["created"]["send"]
        self.assertEqual(created["undoStatus"], "final")
        self.assertEqual(created["envelope"]["mailFrom"]["email"], ALICE)
        # RFC 8621 §7.5: the implicit Email/set answers with the same call id, right after
        moved = response(responses, "Email/set", "1")
        email_id = response(responses, "Email/import", "0")["created"]["draft"]["id"]
        self.assertIn(email_id, moved["updated"])

        wait_until(lambda: self.peer.transactions, DELIVERY_TIMEOUT, "the submission at the remote MX", self.detail)
        sender, recipients, data = self.peer.transactions[0]
        self.assertIn(b"<%s>" % ALICE.encode(), sender)
        self.assertEqual(sorted(recipients), sorted([b"RCPT TO:<%s>" % CAROL.encode(), b"RCPT TO:<%s>" % DAN.encode()]))
        self.assertIn(b"DKIM-Signature:", data)
        self.assertIn(message_id.encode(), data)
        self.assertNotIn(b"Bcc:", data)

        status = response(self.jmap.call([SUBMISSION], ["EmailSubmission/get", {
            "accountId": self.account, "ids": [created["id"]]}, "2"]), "EmailSubmission/get", "2")["list"][0]
        self.assertEqual(set(status["deliveryStatus"]), {CAROL, DAN})
        self.assertEqual(status["emailId"], email_id)

    def test_vacation_answers_each_sender_once_and_never_a_list(self):
        responses = self.jmap.call([VACATION], ["VacationResponse/set", {"accountId": self.account, "update": {
            "singleton": {"isEnabled": True, "subject": "Away", "textBody": "Back next week."}}}, "0"])
        self.assertIn("singleton", response(responses, "VacationResponse/set", "0")["updated"])
        current = response(self.jmap.call([VACATION], ["VacationResponse/get", {"accountId": self.account}, "1"]),
                           "VacationResponse/get", "1")["list"][0]
        self.assertTrue(current["isEnabled"])
        self.assertEqual(current["id"], "singleton")

        for _ in range(2):
            with self.coffer.smtp() as smtp:
                smtp.sendmail(CAROL, [ALICE], outgoing_message(new_message_id(), to=ALICE, sender=CAROL,
                                                               subject="Question"))
        with self.coffer.smtp() as smtp:
            smtp.sendmail("news-bounces@example.net", [ALICE], outgoing_message(
                new_message_id(), to=ALICE, sender="news@example.net", subject="Newsletter",
                extra_headers="List-Id: <news.example.net>\r\nPrecedence: list\r\n"))

        wait_until(lambda: self.peer.transactions, DELIVERY_TIMEOUT, "a vacation reply at the remote MX", self.detail)
        time.sleep(QUIET_PERIOD)
        self.assertEqual(len(self.peer.transactions), 1, "one reply to carol, none again, none to the list")
        sender, recipients, data = self.peer.transactions[0]
        self.assertIn(b"<>", sender)
        self.assertEqual(recipients, [b"RCPT TO:<%s>" % CAROL.encode()])
        self.assertIn(b"Auto-Submitted: auto-replied", data)
        self.assertIn(b"Subject: Away", data)


if __name__ == "__main__":
    unittest.main()
