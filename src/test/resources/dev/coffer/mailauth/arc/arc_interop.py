#!/usr/bin/python3
"""Drives Debian's python3-dkim (dkimpy) for Coffer's ARC interoperability test.

  arc_interop.py sign MESSAGE SELECTOR DOMAIN KEY SRV_ID OUT
      Adds an ARC set to MESSAGE with dkim.arc_sign (rsa-sha256, KEY as PEM), from the
      Authentication-Results field of SRV_ID in MESSAGE, and writes the set followed by
      the message to OUT. Prints "signed", or "nothing" when dkimpy added no set.
  arc_interop.py verify MESSAGE [NAME TXT]...
      Validates the ARC chain with dkim.arc_verify, answering the key query for NAME
      (selector._domainkey.domain) with TXT, and no other. Prints the chain validation
      result (pass, fail or none; a chain that ended in cv=fail prints fail) and the reason.

Exit status 3 means python3-dkim or python3-authres is not installed.
"""
import sys

try:
    import authres  # noqa: F401 (dkimpy needs it for ARC)
    import dkim
except ImportError as missing:
    print("%s; apt-get install python3-dkim python3-authres" % missing, file=sys.stderr)
    sys.exit(3)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def sign(message_path, selector, domain, key_path, srv_id, out_path):
    message = read(message_path)
    fields = dkim.arc_sign(message, selector.encode(), domain.encode(), read(key_path), srv_id.encode(),
                           include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    with open(out_path, "wb") as f:
        f.write(b"".join(fields) + message)
    print("signed" if fields else "nothing")


def verify(message_path, pairs):
    records = {}
    for i in range(0, len(pairs), 2):
        records[pairs[i].lower().rstrip(".")] = pairs[i + 1].encode()

    def dnsfunc(name, timeout=5):
        return records.get(name.decode().lower().rstrip("."))

    cv, _, reason = dkim.arc_verify(read(message_path), dnsfunc=dnsfunc, minkey=1024)
    print((cv or b"fail").decode())
    print(reason)


if __name__ == "__main__":
    if len(sys.argv) == 8 and sys.argv[1] == "sign":
        sign(*sys.argv[2:])
    elif len(sys.argv) >= 3 and len(sys.argv) % 2 == 1 and sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
