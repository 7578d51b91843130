"""MTA-STS (RFC 8461) in enforce mode against a real Postfix: dnsmasq publishes
`_mta-sts.example.net TXT "v=STSv1; id=1"`, a Python HTTPS server on 127.0.0.1:443 serves
the policy (mode: enforce, mx: mx.example.net) with a certificate from a test CA that the
JVM trusts (-Djavax.net.ssl.trustStore). A Postfix presenting a self-signed certificate
gets nothing: the message stays queued with the TLS error. The same Postfix with a
certificate from the test CA gets the message. Needs root (port 443, Postfix)."""

import re
import unittest

from send_fixture import (ALICE, CAROL, MX_HOST, REMOTE_DOMAIN, Dnsmasq, MtaStsPolicyServer, Postfix, SendingCoffer,
                          TestPki, hosts_file, new_message_id, outgoing_message, require_tools)
from coffer_fixture import message_ids

POLICY = "version: STSv1\nmode: enforce\nmx: %s\nmax_age: 86400\n" % MX_HOST


class MtaStsEnforceTest(unittest.TestCase):

    def setUp(self):
        require_tools(self, "postfix", "dnsmasq", "openssl")
        self.pki = TestPki(self)
        self.policy_server = MtaStsPolicyServer(self, self.pki, POLICY)
        self.dns = Dnsmasq.for_mx(self, "--txt-record=_mta-sts.%s,v=STSv1; id=1" % REMOTE_DOMAIN,
                                  "--host-record=mta-sts.%s,127.0.0.1" % REMOTE_DOMAIN)

    def start_coffer(self, postfix, resolve_with_hosts_file=True):
        coffer = SendingCoffer(self.dns.address, postfix.port)
        self.addCleanup(coffer.remove)
        coffer.jvm_options = self.pki.jvm_options()
        if resolve_with_hosts_file:
            hosts = hosts_file(coffer.root, ["mta-sts." + REMOTE_DOMAIN, MX_HOST])
            coffer.jvm_options.append("-Djdk.net.hosts.file=%s" % hosts)
        return coffer.start()

    def submit(self, coffer):
        message_id = new_message_id()
        with coffer.submissions() as smtp:
            smtp.login(ALICE, coffer.app_password)
            self.assertEqual(smtp.sendmail(ALICE, [CAROL], outgoing_message(message_id)), {})
        return message_id

    def detail(self, coffer, postfix):
        return "queue:\n%s\ncoffer log:\n%s\npostfix log:\n%s\npolicy requests: %s" % (
            coffer.cli("queue", "list").stdout, coffer.log(), postfix.log(), self.policy_server.requests)

    def test_enforce_policy_keeps_mail_queued_for_an_mx_with_a_self_signed_certificate(self):
        postfix = Postfix(self).start()  # self-signed certificate for mx.example.net
        coffer = self.start_coffer(postfix)
        self.submit(coffer)
        listing = coffer.wait_for_queue(lambda text: re.search(r"attempts [1-9]", text) and text, 60,
                                        "a failed attempt in `coffer queue list`")
        self.assertEqual(self.policy_server.requests, ["/.well-known/mta-sts.txt"], "the policy was fetched")
        self.assertRegex(listing, r"(?m)^    %s  pending  .*(certificate|TLS|PKIX|trust)" % re.escape(CAROL),
                         "deferred with the TLS error:\n" + listing)
        self.assertEqual(postfix.messages(), [], "never delivered:\n" + self.detail(coffer, postfix))
        self.assertNotIn("client=", postfix.log(), "no MAIL transaction at Postfix")

    def test_enforce_policy_delivers_to_an_mx_with_a_trusted_certificate(self):
        # The control: the same setup delivers once the MX's certificate verifies.
        postfix = Postfix(self, certificate=self.pki.issue(MX_HOST)).start()
        coffer = self.start_coffer(postfix)
        message_id = self.submit(coffer)
        delivered = postfix.wait_for_messages(detail=lambda: self.detail(coffer, postfix))
        self.assertEqual(message_ids(delivered), [message_id])
        self.assertEqual(self.policy_server.requests, ["/.well-known/mta-sts.txt"], "the policy was fetched")
        self.assertIn("TLS connection established from", postfix.log())

    def test_policy_host_is_found_through_the_configured_dns_resolver(self):
        # docs/configuration.md: [dns] resolver serves "MX, TLSA, MTA-STS and DKIM lookups". Without a
        # hosts file the JVM cannot find mta-sts.example.net except through dnsmasq.
        postfix = Postfix(self).start()
        coffer = self.start_coffer(postfix, resolve_with_hosts_file=False)
        self.submit(coffer)
        coffer.wait_for_queue(lambda text: re.search(r"attempts [1-9]", text) or text.strip() == "", 60,
                              "a first delivery attempt")
        self.assertEqual(self.policy_server.requests, ["/.well-known/mta-sts.txt"],
                         "the policy was fetched:\n" + self.detail(coffer, postfix))
        self.assertEqual(postfix.messages(), [], "never delivered under the enforce policy")


if __name__ == "__main__":
    unittest.main()
