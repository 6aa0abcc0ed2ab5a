#!/usr/bin/env bash
# Builds the extension and starts Keycloak at http://localhost:8080 with it and the example realm
# (embedded H2 database, kept in .demo/ between runs), then the demo API and page (demo-app, Spring
# Boot on the spring-security library) at http://localhost:8081. Ctrl+C stops both.
#   ./demo.sh          build, then start (re-uses the unpacked distribution and the database)
#   ./demo.sh --fresh  forget the database first, so the realm is imported anew
set -euo pipefail
cd "$(dirname "$0")"

KC_VERSION=${KC_VERSION:-$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)}
KC_HOME=".demo/keycloak-${KC_VERSION}"
FEATURES="declarative-ui"

echo "==> Building the extension and the demo"
mvn -B -q -ntp -DskipTests -pl provider,realm-exports,demo-app -am install

if [ ! -x "${KC_HOME}/bin/kc.sh" ]; then
  echo "==> Fetching Keycloak ${KC_VERSION} from Maven Central (org.keycloak:keycloak-quarkus-dist, about 180 MB)"
  mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:zip" -DoutputDirectory=.demo
fi

if [ "${1:-}" = "--fresh" ]; then
  rm -rf "${KC_HOME}/data"
fi
mkdir -p "${KC_HOME}/providers" "${KC_HOME}/data/import"
# Copy the jar only when it changed: a new file in providers/ makes start-dev rebuild Keycloak,
# which is most of a start's time; an unchanged one lets later starts skip that.
if ! cmp -s provider/target/keycloak-claims-challenge.jar "${KC_HOME}/providers/keycloak-claims-challenge.jar"; then
  rm -f "${KC_HOME}"/providers/keycloak-claims-challenge*.jar
  cp provider/target/keycloak-claims-challenge.jar "${KC_HOME}/providers/"
fi
cp realm-exports/claims-demo-realm.json "${KC_HOME}/data/import/"

export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}

echo "==> Starting Keycloak ${KC_VERSION} with the Claims Challenge extension"
echo "    The first start builds Keycloak with the extension: about a minute on an idle 2-core machine,"
echo "    several minutes on a busy one. This script says when the realm answers."
echo "    Expected warnings: KC-SERVICES0047 (the extension implements SPIs Keycloak marks internal)"
echo "    and the experimental feature declarative-ui (the policies page needs it)."
STARTED=$(date +%s)
"${KC_HOME}/bin/kc.sh" start-dev --http-port=8080 --import-realm --features="${FEATURES}" &
KC_PID=$!
DEMO_PID=""
trap 'kill ${DEMO_PID} ${KC_PID} 2>/dev/null || true; wait ${KC_PID} 2>/dev/null || true' EXIT INT TERM

# Ready means the example realm's discovery document answers, not merely that the JVM started.
DISCOVERY=http://localhost:8080/realms/claims-demo/.well-known/openid-configuration
until curl -sf -o /dev/null "${DISCOVERY}"; do
  if ! kill -0 "${KC_PID}" 2>/dev/null; then
    echo "==> Keycloak stopped before it was ready: see its output above" >&2
    exit 1
  fi
  sleep 2
done

# The fixed words of Keycloak's declarative admin pages ("Create item", ...) as realm overrides of
# master, the realm the console runs in: Keycloak's English bundle wins over the extension's.
TOKEN=$(curl -sf -d grant_type=password -d client_id=admin-cli -d "username=${KC_BOOTSTRAP_ADMIN_USERNAME}" \
  --data-urlencode "password=${KC_BOOTSTRAP_ADMIN_PASSWORD}" http://localhost:8080/realms/master/protocol/openid-connect/token \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p') || TOKEN=""
if [ -n "${TOKEN}" ]; then
  grep -v '^#' realm-exports/admin-console-texts.properties | while IFS='=' read -r key text; do
    [ -n "${key}" ] && curl -sf -o /dev/null -X PUT -H "Authorization: Bearer ${TOKEN}" -H 'Content-Type: text/plain' \
      --data-binary "${text}" "http://localhost:8080/admin/realms/master/localization/en/${key}" || true
  done
else
  echo "==> Could not log in as ${KC_BOOTSTRAP_ADMIN_USERNAME}: the admin pages keep Keycloak's generic words" >&2
fi

# The demo API and page (demo-app) on :8081, stopped together with Keycloak. Started once the realm
# answers: the library fetches the API's policy document at start (and retries until it can), and
# on the class path the build wrote, the one the integration tests run it with. Spring Boot's own
# start-up lines stay out of Keycloak's; the library's say where the policy document came from.
java -Dlogging.level.root=WARN -Dlogging.level.dev.claimschallenge=INFO \
  -cp "demo-app/target/classes:$(cat demo-app/target/runtime-classpath.txt)" dev.claimschallenge.demo.DemoServer &
DEMO_PID=$!
until curl -sf -o /dev/null http://localhost:8081/config; do
  if ! kill -0 "${DEMO_PID}" 2>/dev/null; then
    echo "==> The demo API stopped before it was ready: see its output above" >&2
    exit 1
  fi
  sleep 1
done

cat <<INFO

==> Ready after $(( $(date +%s) - STARTED )) s
    Demo page:     http://localhost:8081/   (the claims-challenge loop, step by step; API at /api/orders,
                   Spring Boot on the spring-security library, judging tokens locally)
    Admin console: http://localhost:8080/admin/master/console/#/claims-demo   (admin / admin)
    Demo realm:    http://localhost:8080/realms/claims-demo/account
    Demo users:    alice / alice-password (e-mail verified, accepted terms: can pass the API's policy)
                   bob / bob-password (e-mail not verified, no terms accepted: can never pass it)
    Clients:       demo-spa (public, PKCE), demo-web (secret demo-web-secret), demo-api (secret demo-api-secret)
    Stop with Ctrl+C. Start over with: ./demo.sh --fresh

INFO
wait "${KC_PID}"
