package dev.quire.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallBodiesTest {

    @Test
    void onlyAPlainDecimalLengthIsDeclared() {
        assertThat(SmallBodies.declaredLength("42")).isEqualTo(42);
        assertThat(SmallBodies.declaredLength("0")).isZero();
        assertThat(SmallBodies.declaredLength("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
        assertThat(SmallBodies.declaredLength("9999999999999999999")).isEqualTo(-1);
        assertThat(SmallBodies.declaredLength(null)).isEqualTo(-1);
        assertThat(SmallBodies.declaredLength("")).isEqualTo(-1);
        assertThat(SmallBodies.declaredLength("+42")).isEqualTo(-1);
        assertThat(SmallBodies.declaredLength("-1")).isEqualTo(-1);
        assertThat(SmallBodies.declaredLength(" 42")).isEqualTo(-1);
        assertThat(SmallBodies.declaredLength("4e2")).isEqualTo(-1);
        assertThat(SmallBodies.declaredLength("42, 42")).isEqualTo(-1);
    }

    @Test
    void jsonIsApplicationJsonOrAnyPlusJsonType() {
        assertThat(SmallBodies.isJson("application/json")).isTrue();
        assertThat(SmallBodies.isJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(SmallBodies.isJson("application/merge-patch+json")).isTrue();
        assertThat(SmallBodies.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(SmallBodies.isJson("multipart/form-data; boundary=x")).isFalse();
        assertThat(SmallBodies.isJson("text/plain")).isFalse();
        assertThat(SmallBodies.isJson("json")).isFalse();
        assertThat(SmallBodies.isJson("")).isFalse();
        assertThat(SmallBodies.isJson(null)).isFalse();
    }
}
