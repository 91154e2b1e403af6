package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Auth admin API under {@code /auth/v1}, following supabase/auth: errors are
 * {@code {"code":422,"error_code":"email_exists","msg":"..."}} with the same HTTP status; the user list is
 * sorted newest first, pages by {@code page}/{@code per_page} (no upper bound on per_page), and its
 * {@code Link} header carries paths as Auth itself sees them, i.e. without the {@code /auth/v1} prefix.
 */
final class AuthApi {
    private static final int DEFAULT_PER_PAGE = 50;
    private static final Pattern UUID_FORMAT =
            Pattern.compile("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[a-z]?\\$(0[4-9]|[12]\\d|3[01])\\$.{53}$");
    private static final Pattern ARGON2 = Pattern.compile("^\\$argon2(id|i|d)\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$[^$]+\\$[^$]+$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private final FakeAuth auth;

    AuthApi(FakeAuth auth) {
        this.auth = auth;
    }

    static void error(Call call, int status, String errorCode, String message) throws IOException {
        ObjectNode body = Call.JSON.createObjectNode();
        body.put("code", status);
        body.put("error_code", errorCode);
        body.put("msg", message);
        call.json(status, body);
    }

    void handle(Call call, String sub, Keys.Verified caller) throws IOException {
        if (!caller.ok()) {
            if (caller.problem() == Keys.JwtProblem.MISSING) {
                error(call, 401, "no_authorization", caller.problem().authMessage);
            } else {
                error(call, 403, "bad_jwt", "invalid JWT: unable to parse or verify signature, "
                        + caller.problem().authMessage);
            }
            return;
        }
        if (!sub.startsWith("/admin/")) {
            error(call, 404, "not_found", "Not Found");
            return;
        }
        if (!"service_role".equals(caller.role()) && !"supabase_admin".equals(caller.role())) {
            error(call, 403, "not_admin", "User not allowed");
            return;
        }
        if (sub.equals("/admin/users") || sub.equals("/admin/users/")) {
            switch (call.method) {
                case "GET" -> list(call);
                case "POST" -> create(call);
                default -> error(call, 405, "method_not_allowed", "Method Not Allowed");
            }
        } else if (sub.startsWith("/admin/users/") && call.method.equals("GET")) {
            get(call, sub.substring("/admin/users/".length()));
        } else {
            error(call, 404, "not_found", "Not Found");
        }
    }

    private void list(Call call) throws IOException {
        long page = 1;
        long perPage = DEFAULT_PER_PAGE;
        try {
            if (call.query.containsKey("page") && !call.query.get("page").isEmpty()) {
                page = Long.parseUnsignedLong(call.query.get("page"));
            }
            if (call.query.containsKey("per_page") && !call.query.get("per_page").isEmpty()) {
                perPage = Long.parseUnsignedLong(call.query.get("per_page"));
                if (perPage == 0) {
                    error(call, 400, "validation_failed", "Bad Pagination Parameters: per_page must be greater than 0");
                    return;
                }
            }
        } catch (NumberFormatException e) {
            error(call, 400, "validation_failed", "Bad Pagination Parameters: strconv.ParseUint: parsing \""
                    + (call.query.getOrDefault("per_page", "")) + "\": invalid syntax");
            return;
        }
        page = Math.max(page, 1);
        List<AuthUser> all = auth.newestFirst();
        long total = all.size();
        ArrayNode users = Call.JSON.createArrayNode();
        long from = (page - 1) * perPage;
        for (long i = from; i < total && i < from + perPage; i++) {
            // The list query loads no associations: identities come back as null, factors not at all.
            users.add(userJson(all.get((int) i), false));
        }
        long totalPages = total / perPage + (total % perPage > 0 ? 1 : 0);
        StringBuilder link = new StringBuilder();
        if (totalPages > page) {
            link.append('<').append(pageLink(call, page + 1)).append(">; rel=\"next\", ");
        }
        link.append('<').append(pageLink(call, totalPages)).append(">; rel=\"last\"");
        call.responseHeaders().add("Link", link.toString());
        call.responseHeaders().add("X-Total-Count", Long.toString(total));
        ObjectNode body = Call.JSON.createObjectNode();
        body.set("users", users);
        body.put("aud", "authenticated");
        call.json(200, body);
    }

    /** Go's url.Values.Encode: keys sorted, path as Auth sees it (the gateway stripped {@code /auth/v1}). */
    private static String pageLink(Call call, long page) {
        Map<String, String> query = new TreeMap<>(call.query);
        query.put("page", Long.toString(page));
        StringBuilder link = new StringBuilder("/admin/users?");
        boolean first = true;
        for (Map.Entry<String, String> entry : query.entrySet()) {
            if (!first) {
                link.append('&');
            }
            first = false;
            link.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
        }
        return link.toString();
    }

    private void get(Call call, String id) throws IOException {
        if (!UUID_FORMAT.matcher(id).matches()) {
            error(call, 404, "validation_failed", "user_id must be an UUID");
            return;
        }
        AuthUser user = auth.user(id.toLowerCase(java.util.Locale.ROOT)).orElse(null);
        if (user == null) {
            error(call, 404, "user_not_found", "User not found");
            return;
        }
        call.json(200, userJson(user, true));
    }

    private void create(Call call) throws IOException {
        JsonNode body;
        try {
            body = call.readJson();
        } catch (IOException e) {
            error(call, 400, "bad_json", "Could not parse request body as JSON: invalid character in JSON input");
            return;
        }
        if (body == null || !body.isObject()) {
            error(call, 400, "bad_json", "Could not parse request body as JSON: unexpected end of JSON input");
            return;
        }
        String email = body.path("email").asText("");
        String phone = body.path("phone").asText("");
        if (email.isEmpty() && phone.isEmpty()) {
            error(call, 400, "validation_failed", "Cannot create a user without either an email or phone");
            return;
        }
        if (!email.isEmpty()) {
            if (email.length() > 255 || !EMAIL.matcher(email).matches()) {
                error(call, 400, "email_address_invalid", "Unable to validate email address: invalid format");
                return;
            }
            email = email.toLowerCase(java.util.Locale.ROOT);
            if (auth.emailTaken(email)) {
                error(call, 422, "email_exists", "A user with this email address has already been registered");
                return;
            }
        }
        if (!phone.isEmpty()) {
            phone = phone.replace(" ", "").replace("-", "");
            if (phone.startsWith("+")) {
                phone = phone.substring(1);
            }
            if (!phone.matches("^[1-9]\\d{1,14}$")) {
                error(call, 400, "validation_failed", "Invalid phone number format (E.164 required)");
                return;
            }
            if (auth.phoneTaken(phone)) {
                error(call, 422, "phone_exists", "Phone number already registered by another user");
                return;
            }
        }
        boolean hasPassword = body.hasNonNull("password");
        String passwordHash = body.path("password_hash").asText("");
        if (hasPassword && !passwordHash.isEmpty()) {
            error(call, 400, "validation_failed", "Only a password or a password hash should be provided");
            return;
        }
        boolean userMetadataGiven = body.hasNonNull("user_metadata") && body.get("user_metadata").isObject();
        String stored;
        ObjectNode userMetadata;
        if (!passwordHash.isEmpty()) {
            if (!BCRYPT.matcher(passwordHash).matches() && !ARGON2.matcher(passwordHash).matches()
                    && !passwordHash.startsWith("$fbscrypt$")) {
                // The hash fails to parse inside user construction, which upstream reports as a 500.
                error(call, 500, "unexpected_failure", "Error creating user");
                return;
            }
            stored = passwordHash;
            // Upstream's password-hash constructor keeps a missing user_metadata as null.
            userMetadata = userMetadataGiven ? (ObjectNode) body.get("user_metadata").deepCopy() : null;
        } else {
            String password = hasPassword ? body.get("password").asText() : "";
            if (password.isEmpty()) {
                password = UUID.randomUUID().toString() + UUID.randomUUID();
            }
            stored = FakeAuth.fakeBcrypt(password);
            userMetadata = userMetadataGiven ? (ObjectNode) body.get("user_metadata").deepCopy()
                    : Call.JSON.createObjectNode();
        }
        String id = UUID.randomUUID().toString();
        String requestedId = body.path("id").asText("");
        if (!requestedId.isEmpty()) {
            if (!UUID_FORMAT.matcher(requestedId).matches()) {
                error(call, 400, "validation_failed", "ID must conform to the uuid v4 format");
                return;
            }
            id = UUID.fromString(requestedId.length() == 32 ? dashed(requestedId) : requestedId).toString();
            if (id.equals("00000000-0000-0000-0000-000000000000")) {
                error(call, 400, "validation_failed", "ID cannot be a nil uuid");
                return;
            }
        }
        Instant bannedUntil = null;
        String ban = body.path("ban_duration").asText("");
        if (!ban.isEmpty() && !ban.equals("none")) {
            Duration duration = parseGoDuration(ban);
            if (duration == null) {
                error(call, 400, "validation_failed", "invalid format for ban duration: time: invalid duration \""
                        + ban + "\"");
                return;
            }
            bannedUntil = FakeStorage.now().plus(duration);
        }
        Instant now = auth.nextCreatedAt();
        List<Identity> identities = FakeAuth.defaultIdentities(id, email, phone, now);
        ObjectNode appMetadata = FakeAuth.defaultAppMetadata(identities);
        FakeAuth.merge(appMetadata, body.get("app_metadata"));
        Instant emailConfirmedAt = null;
        if (body.path("email_confirm").asBoolean(false)) {
            emailConfirmedAt = now;
            if (userMetadata == null) {
                userMetadata = Call.JSON.createObjectNode();
            }
            userMetadata.put("email_verified", true);
        }
        Instant phoneConfirmedAt = body.path("phone_confirm").asBoolean(false) ? now : null;
        String role = body.path("role").asText("").trim();
        AuthUser user = new AuthUser(id, body.path("aud").asText("authenticated").isEmpty() ? "authenticated"
                : body.path("aud").asText("authenticated"), role.isEmpty() ? "authenticated" : role, email, phone,
                emailConfirmedAt, phoneConfirmedAt, null, now, now, userMetadata, appMetadata, identities, bannedUntil,
                false, stored);
        String clash = auth.insertIfUnique(user);
        if ("email".equals(clash)) {
            error(call, 422, "email_exists", "A user with this email address has already been registered");
            return;
        }
        if ("phone".equals(clash)) {
            error(call, 422, "phone_exists", "Phone number already registered by another user");
            return;
        }
        if (clash != null) {
            // A taken id is a primary-key violation inside the transaction, which upstream turns into a 500.
            error(call, 500, "unexpected_failure", "Database error creating new user");
            return;
        }
        call.json(200, userJson(user, true));
    }

    private static String dashed(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** Go's time.ParseDuration for the units a ban uses, e.g. {@code 876000h}, {@code 1h30m}. */
    static Duration parseGoDuration(String text) {
        Matcher matcher = GO_DURATION.matcher(text);
        long nanos = 0;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return null;
            }
            end = matcher.end();
            double value = Double.parseDouble(matcher.group(1));
            double unit = switch (matcher.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += (long) (value * unit);
        }
        return end == text.length() && end > 0 ? Duration.ofNanos(nanos) : null;
    }

    static ObjectNode userJson(AuthUser user, boolean withIdentities) {
        ObjectNode node = Call.JSON.createObjectNode();
        node.put("id", user.id());
        node.put("aud", user.aud());
        node.put("role", user.role());
        node.put("email", user.email());
        putTime(node, "email_confirmed_at", user.emailConfirmedAt());
        node.put("phone", user.phone());
        putTime(node, "phone_confirmed_at", user.phoneConfirmedAt());
        putTime(node, "confirmed_at", user.confirmedAt());
        putTime(node, "last_sign_in_at", user.lastSignInAt());
        node.set("app_metadata", user.appMetadata());
        node.set("user_metadata", user.userMetadata());
        if (withIdentities) {
            ArrayNode identities = node.putArray("identities");
            for (Identity identity : user.identities()) {
                identities.add(identityJson(identity));
            }
        } else {
            node.putNull("identities");
        }
        putTime(node, "created_at", user.createdAt());
        putTime(node, "updated_at", user.updatedAt());
        putTime(node, "banned_until", user.bannedUntil());
        node.put("is_anonymous", user.isAnonymous());
        return node;
    }

    private static ObjectNode identityJson(Identity identity) {
        ObjectNode node = Call.JSON.createObjectNode();
        node.put("identity_id", identity.identityId());
        node.put("id", identity.providerId());
        node.put("user_id", identity.userId());
        node.set("identity_data", identity.identityData());
        node.put("provider", identity.provider());
        putTime(node, "last_sign_in_at", identity.lastSignInAt());
        putTime(node, "created_at", identity.createdAt());
        putTime(node, "updated_at", identity.updatedAt());
        JsonNode email = identity.identityData().get("email");
        if (email != null && email.isTextual()) {
            node.put("email", email.asText());
        }
        return node;
    }

    /** Go omits nil *time.Time fields tagged omitempty; non-pointer times are always present. */
    private static void putTime(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, DateTimeFormatter.ISO_INSTANT.format(value));
        }
    }
}
