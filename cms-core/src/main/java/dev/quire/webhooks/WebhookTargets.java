package dev.quire.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.CmsConfig;

/**
 * Where a webhook may point. Only absolute http and https URLs without credentials. With
 * {@code cms.webhooks.block-private-targets} (the prod default) a host that resolves to a loopback, private, carrier
 * NAT, link-local, unique-local, multicast, unspecified or cloud metadata address is refused, unless the host or the
 * address is listed in {@code cms.webhooks.allowed-private-targets}. The check runs at registration and again before
 * every attempt, which then connects to the very address it checked, so a DNS answer that changes between the check and
 * the connection (rebinding) cannot redirect the request.
 */
@ApplicationScoped
public class WebhookTargets {

    @Inject
    CmsConfig config;

    /** A URL that passed the checks, and the address to connect to. */
    public record Target(URI uri, String host, int port, boolean https, String pathAndQuery, InetAddress address) {
    }

    /** Thrown with a message fit for the API's error body and the delivery log. */
    public static final class Refused extends Exception {

        Refused(String message) {
            super(message);
        }
    }

    /** Checks the URL's form and, when private targets are blocked, where its host resolves. */
    public URI validate(String url) throws Refused {
        URI uri = parse(url);
        if (config.webhooks().blockPrivateTargets()) {
            resolve(uri);
        }
        return uri;
    }

    /** Parses, resolves and checks {@code url} for sending. */
    public Target resolve(String url) throws Refused {
        return resolve(parse(url));
    }

    private Target resolve(URI uri) throws Refused {
        String host = uri.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " does not resolve");
        }
        if (config.webhooks().blockPrivateTargets() && !allowed(bareHost)) {
            for (InetAddress address : addresses) {
                if (isPrivate(address) && !allowed(address.getHostAddress())) {
                    throw new Refused("host " + host + " resolves to " + address.getHostAddress()
                            + ", a loopback, private, link-local or metadata address; list it in"
                            + " cms.webhooks.allowed-private-targets to allow it");
                }
            }
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(uri, bareHost, port, https, pathAndQuery, addresses[0]);
    }

    private boolean allowed(String hostOrAddress) {
        Set<String> allowed = config.webhooks().allowedPrivateTargets().orElse(List.of()).stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return allowed.contains(hostOrAddress.toLowerCase(Locale.ROOT));
    }

    static URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("url must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("url must not contain credentials; send them in headers");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("url must not have a fragment");
        }
        return uri;
    }

    /** Whether an address is one a public webhook has no business reaching. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT, Alibaba metadata
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7, AWS metadata fd00:ec2::254 included
            }
            if (isEmbeddedIpv4(b)) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) addresses. */
    private static boolean isEmbeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mappedOrCompatible = zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == -1 && b[11] == -1));
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        return mappedOrCompatible || nat64;
    }
}
