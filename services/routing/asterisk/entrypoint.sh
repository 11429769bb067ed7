#!/bin/sh
# Starts Asterisk for the routing service:
#  1. a Let's Encrypt certificate for $PBX_DOMAIN (DNS-01 through Route 53: no port 80 to open) — the
#     Voice Connector only talks TLS to a host whose certificate matches the origination name;
#  2. the agents' SIP password from Secrets Manager ($SIP_SECRET_ARN, JSON {"agent": "..."});
#  3. department prompts synthesised by Polly as 8 kHz signed linear (.sln, Asterisk's native format);
#  4. the configuration rendered from /etc/asterisk/templates, then Asterisk in the foreground.
set -eu

: "${PBX_DOMAIN:?PBX_DOMAIN is required}"
: "${CERTIFICATE_EMAIL:?CERTIFICATE_EMAIL is required}"
: "${SIP_SECRET_ARN:?SIP_SECRET_ARN is required}"
: "${VOICE_CONNECTOR_HOST:?VOICE_CONNECTOR_HOST is required}"
: "${VOICE_CONNECTOR_CIDRS:?VOICE_CONNECTOR_CIDRS is required}"
PROMPT_DEPARTMENTS="${PROMPT_DEPARTMENTS:-science art history math operator}"

live="/etc/letsencrypt/live/${PBX_DOMAIN}"
/opt/certbot/bin/certbot certonly --non-interactive --agree-tos --email "$CERTIFICATE_EMAIL" \
  --dns-route53 --keep-until-expiring -d "$PBX_DOMAIN"
install -o asterisk -g asterisk -m 0600 "$live/privkey.pem" /etc/asterisk/keys/pbx.key
install -o asterisk -g asterisk -m 0644 "$live/fullchain.pem" /etc/asterisk/keys/pbx.crt

AGENT_PASSWORD="$(aws secretsmanager get-secret-value --secret-id "$SIP_SECRET_ARN" --query SecretString --output text \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["agent"])')"
VOICE_CONNECTOR_MATCH="$(printf '%s\n' "$VOICE_CONNECTOR_CIDRS" | tr ',' '\n' | grep -E '^[0-9.]+/[0-9]+$' | sed 's/^/match=/')"
export AGENT_PASSWORD PBX_DOMAIN VOICE_CONNECTOR_HOST VOICE_CONNECTOR_MATCH

for department in $PROMPT_DEPARTMENTS; do
  case "$department" in *[!a-z0-9-]*) echo "skipping prompt for unsafe name $department" >&2; continue;; esac
  aws polly synthesize-speech --output-format pcm --sample-rate 8000 --voice-id "${VOICE_ID:-Joanna}" \
    --text "You have reached the ${department} department. Please hold while we connect you." \
    "/var/lib/asterisk/sounds/switchboard/${department}.sln" >/dev/null
done

for template in /etc/asterisk/templates/*.conf; do
  # Only our variables are substituted; Asterisk's own ${...} dialplan variables are left alone.
  envsubst '${AGENT_PASSWORD} ${PBX_DOMAIN} ${VOICE_CONNECTOR_HOST} ${VOICE_CONNECTOR_MATCH}' < "$template" > "/etc/asterisk/$(basename "$template")"
done
chown asterisk:asterisk /etc/asterisk/*.conf
chmod 0640 /etc/asterisk/pjsip.conf

# Renew twice a day; reload TLS transports when the certificate changed.
( while sleep 43200; do
    /opt/certbot/bin/certbot renew --quiet --deploy-hook \
      "install -o asterisk -g asterisk -m 0600 $live/privkey.pem /etc/asterisk/keys/pbx.key && install -o asterisk -g asterisk -m 0644 $live/fullchain.pem /etc/asterisk/keys/pbx.crt && asterisk -rx 'module reload res_pjsip.so'" || true
  done ) &

exec asterisk -f -U asterisk -G asterisk -vvv
