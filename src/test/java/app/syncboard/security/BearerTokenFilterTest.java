package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenFilterTest {

    @Test
    void theTokenIsTakenOnlyFromABearerHeader() {
        assertThat(BearerTokenFilter.bearerToken("Bearer sb_abc")).hasValue("sb_abc");
        assertThat(BearerTokenFilter.bearerToken("bearer  sb_abc ")).hasValue("sb_abc");
        assertThat(BearerTokenFilter.bearerToken("BEARER sb_abc")).hasValue("sb_abc");
        assertThat(BearerTokenFilter.bearerToken("Bearer")).hasValue("");
        assertThat(BearerTokenFilter.bearerToken("Bearersb_abc")).isEmpty();
        assertThat(BearerTokenFilter.bearerToken("Basic YWRtaW46eA==")).isEmpty();
        assertThat(BearerTokenFilter.bearerToken("")).isEmpty();
        assertThat(BearerTokenFilter.bearerToken(null)).isEmpty();
    }

    @Test
    void aTokenParameterInTheQueryStringIsFoundHoweverWritten() {
        assertThat(BearerTokenFilter.tokenInQueryString("access_token=sb_x")).isTrue();
        assertThat(BearerTokenFilter.tokenInQueryString("warning=60&token=sb_x"))
                .isTrue();
        assertThat(BearerTokenFilter.tokenInQueryString("token")).isTrue();
        assertThat(BearerTokenFilter.tokenInQueryString("ACCESS_TOKEN=x")).isTrue();
        assertThat(BearerTokenFilter.tokenInQueryString("access%5Ftoken=x")).isTrue();
        assertThat(BearerTokenFilter.tokenInQueryString("warning=60&critical=120"))
                .isFalse();
        assertThat(BearerTokenFilter.tokenInQueryString("tokens=1&my_token=2&x=token"))
                .isFalse();
        assertThat(BearerTokenFilter.tokenInQueryString("bad%zz=1")).isFalse();
        assertThat(BearerTokenFilter.tokenInQueryString("")).isFalse();
        assertThat(BearerTokenFilter.tokenInQueryString(null)).isFalse();
    }
}
