package dev.quire.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.100.100.200", "0.0.0.0", "224.0.0.1",
            "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "ff02::1"})
    void privateLoopbackLinkLocalAndMetadataAddressesAreRefused(String address) throws Exception {
        assertThat(WebhookTargets.isPrivate(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
            "2606:4700::1111", "2001:db8::1"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(WebhookTargets.isPrivate(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/", "/relative",
            "http:///nohost", "http://user:secret@example.com/", "http://example.com/#fragment", "not a url",
            "javascript:alert(1)"})
    void onlyAbsoluteHttpUrlsWithAHostAndNoCredentialsAreAccepted(String url) {
        assertThatThrownBy(() -> WebhookTargets.parse(url)).isInstanceOf(WebhookTargets.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "https://example.com:8443/a/b?x=1", "http://[2606:4700::1]/"})
    void httpAndHttpsUrlsParse(String url) throws Exception {
        assertThat(WebhookTargets.parse(url).getHost()).isNotBlank();
    }
}
