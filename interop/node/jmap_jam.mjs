// A JMAP client Coffer did not write (jmap-jam) against a running Coffer: app-token login,
// mailboxes, query and get, flags, upload + Email/import, Email/changes and a push event for
// a delivery the Python side makes over SMTP. Env: JMAP_SESSION_URL, JMAP_TOKEN, JMAP_HOST
// (the certificate's name, resolved to 127.0.0.1 here), IMPORT_MARKER (in the subject and body only:
// the Message-ID stays readable metadata, IMPORT_MESSAGE_ID); NODE_EXTRA_CA_CERTS
// trusts the test CA. Prints one JSON line per step; "ready-for-delivery" asks the Python side
// to deliver, and the script waits for the push event.
import dns from 'node:dns';
import { JamClient } from 'jmap-jam';

const host = process.env.JMAP_HOST;
const originalLookup = dns.lookup;
dns.lookup = (name, options, callback) => {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (name === host) {
    return options && options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }])
      : callback(null, '127.0.0.1', 4);
  }
  return originalLookup(name, options, callback);
};

const say = (step, data = {}) => console.log(JSON.stringify({ step, ...data }));
const fail = (message) => { console.error(message); process.exit(1); };
const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error('timed out: ' + what)), ms));

const jam = new JamClient({ sessionUrl: process.env.JMAP_SESSION_URL, bearerToken: process.env.JMAP_TOKEN });
const session = await jam.session;
const accountId = await jam.getPrimaryAccount();
if (!accountId) fail('no primary mail account in the session: ' + JSON.stringify(session));
say('session', { accountId, username: session.username, maxCallsInRequest: session.capabilities['urn:ietf:params:jmap:core'].maxCallsInRequest });

const [mailboxes] = await jam.api.Mailbox.get({ accountId });
const inbox = mailboxes.list.find((m) => m.role === 'inbox');
say('mailboxes', { names: mailboxes.list.map((m) => m.name), roles: mailboxes.list.map((m) => m.role) });

const [query] = await jam.api.Email.query({ accountId, filter: { inMailbox: inbox.id }, sort: [{ property: 'receivedAt', isAscending: false }] });
const [emails] = await jam.api.Email.get({ accountId, ids: query.ids, properties: ['id', 'messageId', 'from', 'keywords', 'mailboxIds', 'size', 'blobId'] });
say('emails', { count: query.ids.length, messageIds: emails.list.map((e) => e.messageId?.[0]) });
const first = emails.list[0];

const [flagged] = await jam.api.Email.set({ accountId, update: { [first.id]: { 'keywords/$seen': true, 'keywords/$flagged': true } } });
const [afterFlags] = await jam.api.Email.get({ accountId, ids: [first.id], properties: ['keywords'] });
say('flags', { updated: Object.keys(flagged.updated ?? {}), keywords: afterFlags.list[0].keywords });

const marker = process.env.IMPORT_MARKER;
const raw = 'From: demo@coffer.test\r\nTo: demo@coffer.test\r\nSubject: ' + marker + '\r\nMessage-ID: <' + process.env.IMPORT_MESSAGE_ID + '>\r\n'
  + 'Date: Sat, 28 Nov 2026 20:00:00 +0000\r\n\r\nThe body carries ' + marker + '.\r\n';
const upload = await jam.uploadBlob(accountId, new Blob([raw], { type: 'message/rfc822' }));
const [imported] = await jam.api.Email.import({ accountId, emails: { draft: { blobId: upload.blobId, mailboxIds: { [inbox.id]: true }, keywords: { $seen: true } } } });
if (!imported.created?.draft) fail('import failed: ' + JSON.stringify(imported));
const [importedEmail] = await jam.api.Email.get({ accountId, ids: [imported.created.draft.id], properties: ['messageId', 'keywords', 'bodyStructure'] });
say('imported', { id: imported.created.draft.id, messageId: importedEmail.list[0].messageId?.[0], type: importedEmail.list[0].bodyStructure.type });

// The stored blob is ciphertext: the marker must not come back from the download endpoint.
const download = await jam.downloadBlob({ accountId, blobId: imported.created.draft.blobId, mimeType: 'message/rfc822', fileName: 'm.eml' });
const stored = await download.text();
say('downloaded', { encrypted: stored.includes('BEGIN PGP MESSAGE'), markerVisible: stored.includes(marker) });

const [before] = await jam.api.Email.get({ accountId, ids: [] });
const sinceState = before.state;

// Push: the EventSource stream, read with fetch (jmap-jam's connectEventSource needs a browser EventSource).
const url = session.eventSourceUrl.replace('{types}', 'Email,Mailbox').replace('{closeafter}', 'state').replace('{ping}', '0');
const response = await fetch(url, { headers: { Authorization: 'Bearer ' + process.env.JMAP_TOKEN, Accept: 'text/event-stream' } });
if (!response.ok) fail('eventsource answered ' + response.status);
const reader = response.body.getReader();
say('ready-for-delivery', { sinceState });
const decoder = new TextDecoder();
let text = '';
const event = await Promise.race([timeout(60000, 'push event'), (async () => {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) fail('the event stream ended without a state event: ' + text);
    text += decoder.decode(value, { stream: true });
    const match = /event: state\ndata: (.*)\n\n/.exec(text);
    if (match) return JSON.parse(match[1]);
  }
})()]);
say('push', { type: event['@type'], changed: Object.keys(event.changed[accountId] ?? {}) });

const [changes] = await jam.api.Email.changes({ accountId, sinceState });
const [delivered] = await jam.api.Email.get({ accountId, ids: changes.created, properties: ['messageId'] });
say('changes', { created: changes.created.length, updated: changes.updated.length, destroyed: changes.destroyed.length,
  messageIds: delivered.list.map((e) => e.messageId?.[0]), newState: changes.newState !== sinceState });
process.exit(0);
