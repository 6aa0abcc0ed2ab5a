package dev.claimschallenge.keycloak.internal;

import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.TokenIntrospectContext;

/**
 * Keycloak's package-private fields and version-dependent constructors and SPIs, reached by
 * reflection ({@link RealmCache} reaches the cached realm the same way). Each member names what
 * it relies on; {@code KeycloakInternalsTest} fails loudly when a Keycloak upgrade moves any of it.
 */
public final class KeycloakInternals {

    /**
     * {@code AuthorizationEndpointRequest.claims} is package-private with a getter only, yet the
     * value Keycloak stores and reads back (its acr step-up, its claims-parameter mappers) must
     * not contain our {@code access_token} member, which its ClaimsRepresentation rejects.
     */
    static final String CLAIMS_FIELD = "claims";

    private static final Field CLAIMS = field(AuthorizationEndpointRequest.class, CLAIMS_FIELD);

    /** {@code AuthorizationEndpointRequest.maxAge}: package-private too; a policy's max_age must reach Keycloak's own check. */
    static final String MAX_AGE_FIELD = "maxAge";

    private static final Field MAX_AGE = field(AuthorizationEndpointRequest.class, MAX_AGE_FIELD);

    /**
     * {@code TokenManager.AccessTokenResponseBuilder.clientSessionCtx}: package-private, and 26.5
     * has no getter for it. Only the 26.5 hook (the client policy executor) needs it, so it is
     * looked up when first used, not when this class loads.
     */
    static final String CLIENT_SESSION_CTX_FIELD = "clientSessionCtx";

    /**
     * The SPIs that carry the extension on Keycloak 26.6+ ({@code auth-endpoint-check},
     * {@code token-interceptor}); Keycloak 26.5 has neither. Looked up by name: naming the classes
     * here would fail on 26.5.
     */
    static final String[] NATIVE_HOOKS = {"org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider",
            "org.keycloak.protocol.oidc.token.TokenPostProcessor"};

    private static final boolean HAS_NATIVE_HOOKS = classesExist(NATIVE_HOOKS);

    private KeycloakInternals() {
    }

    /** Whether this Keycloak has the SPIs the extension is built on (26.6+), rather than only the client-policy hooks (26.5). */
    public static boolean hasNativeHooks() {
        return HAS_NATIVE_HOOKS;
    }

    /** The client session context a token response is being built for. */
    public static ClientSessionContext clientSessionContext(AccessTokenResponseBuilder builder) {
        try {
            return (ClientSessionContext) ResponseBuilderFields.CLIENT_SESSION_CTX.get(builder);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + CLIENT_SESSION_CTX_FIELD
                    + ": this Keycloak version is not supported by the Claims Challenge extension", e);
        }
    }

    /** Resolved when the 26.5 hook first needs it (class initialisation is lazy), then kept. */
    private static final class ResponseBuilderFields {
        static final Field CLIENT_SESSION_CTX = field(AccessTokenResponseBuilder.class, CLIENT_SESSION_CTX_FIELD);
    }

    /**
     * The client-policy context Keycloak's introspection endpoint triggers ({@code TOKEN_INTROSPECT}).
     * Keycloak 26.6+ builds it with the authenticated caller, 26.5 with the form parameters only;
     * naming either constructor directly would fail on the other version.
     */
    public static ClientPolicyContext tokenIntrospectContext(ClientModel caller, MultivaluedMap<String, String> params) {
        try {
            return IntrospectContexts.WITH_CALLER != null ? IntrospectContexts.WITH_CALLER.newInstance(caller, params)
                    : IntrospectContexts.PARAMS_ONLY.newInstance(params);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IllegalStateException("Cannot build " + TokenIntrospectContext.class.getName()
                    + ": this Keycloak version is not supported by the Claims Challenge extension", e);
        }
    }

    /** {@code TokenIntrospectContext(ClientModel, MultivaluedMap)} (26.6+) or {@code TokenIntrospectContext(MultivaluedMap)} (26.5). */
    static final class IntrospectContexts {
        static final Constructor<TokenIntrospectContext> WITH_CALLER = constructor(TokenIntrospectContext.class, ClientModel.class, MultivaluedMap.class);
        static final Constructor<TokenIntrospectContext> PARAMS_ONLY = constructor(TokenIntrospectContext.class, MultivaluedMap.class);

        static {
            if (WITH_CALLER == null && PARAMS_ONLY == null) {
                throw new IllegalStateException("Keycloak internals changed: no known constructor of " + TokenIntrospectContext.class.getName()
                        + "; this Keycloak version is not supported by the Claims Challenge extension");
            }
        }
    }

    private static <T> Constructor<T> constructor(Class<T> type, Class<?>... parameters) {
        try {
            return type.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static boolean classesExist(String... names) {
        for (String name : names) {
            try {
                Class.forName(name, false, KeycloakInternals.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }

    /** Replaces the {@code claims} value of a parsed authorization request. */
    public static void setClaims(AuthorizationEndpointRequest request, String claims) {
        set(CLAIMS, request, claims);
    }

    /** Replaces the {@code max_age} of a parsed authorization request. */
    public static void setMaxAge(AuthorizationEndpointRequest request, Integer maxAge) {
        set(MAX_AGE, request, maxAge);
    }

    private static void set(Field field, Object target, Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot set " + field.getDeclaringClass().getName() + "." + field.getName()
                    + ": this Keycloak version is not supported by the Claims Challenge extension", e);
        }
    }

    static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new IllegalStateException("Keycloak internals changed: " + type.getName() + "." + name
                    + " is missing; this Keycloak version is not supported by the Claims Challenge extension", e);
        }
    }
}
