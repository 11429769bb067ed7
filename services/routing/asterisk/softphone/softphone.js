// Switchboard agent softphone (JsSIP over WSS to Asterisk). Served with index.html from Asterisk's TLS HTTP server.
// Same origin as Asterisk's TLS HTTP server: wss://<pbx>:8089/ws, SIP user "agent".
const host = location.hostname;
const status = (text) => (document.getElementById('status').textContent = text);
let ua;
let session;
document.getElementById('login').addEventListener('submit', (event) => {
  event.preventDefault();
  ua?.stop();
  ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(`wss://${host}:8089/ws`)],
    uri: `sip:agent@${host}`,
    password: document.getElementById('password').value,
    register: true,
  });
  ua.on('registered', () => status('Online: waiting for calls'));
  ua.on('registrationFailed', (e) => status(`Sign-in failed: ${e.cause}`));
  ua.on('disconnected', () => status('Disconnected from the PBX'));
  ua.on('newRTCSession', ({ session: incoming }) => {
    if (incoming.direction !== 'incoming') return;
    if (session) return incoming.terminate({ status_code: 486 });
    session = incoming;
    const name = incoming.remote_identity.display_name || 'caller';
    const number = incoming.remote_identity.uri.user;
    document.getElementById('caller').textContent = `${name} — ${number}`;
    document.getElementById('incoming').style.display = 'block';
    incoming.on('peerconnection', ({ peerconnection }) => {
      peerconnection.addEventListener('track', (e) => (document.getElementById('remote').srcObject = e.streams[0]));
    });
    incoming.on('confirmed', () => { status(`In call with ${name}`); document.getElementById('hangup').disabled = false; });
    incoming.on('ended', reset);
    incoming.on('failed', reset);
  });
  ua.start();
  status('Connecting…');
});
function reset() {
  session = undefined;
  document.getElementById('incoming').style.display = 'none';
  document.getElementById('hangup').disabled = true;
  if (ua?.isRegistered()) status('Online: waiting for calls');
}
document.getElementById('answer').addEventListener('click', () => {
  session?.answer({ mediaConstraints: { audio: true, video: false } });
  document.getElementById('incoming').style.display = 'none';
});
document.getElementById('decline').addEventListener('click', () => session?.terminate({ status_code: 603 }));
document.getElementById('hangup').addEventListener('click', () => session?.terminate());
