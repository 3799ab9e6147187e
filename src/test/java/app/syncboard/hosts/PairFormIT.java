package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

@SyncboardTest
@WithMockUser(username = "alice", roles = "ADMIN")
class PairFormIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    Pairs pairs;

    @Autowired
    Hosts hosts;

    @Test
    void validPairIsSaved() throws Exception {
        mvc.perform(post("/pairs/new")
                        .with(csrf())
                        .param("name", "mail; $(reboot)")
                        .param("primaryHostId", localId())
                        .param("primaryPath", "/srv/mail")
                        .param("standbyHostId", localId())
                        .param("standbyPath", "/backup/mail"))
                .andExpect(status().is3xxRedirection());

        Pair pair = pairs.findByName("mail; $(reboot)").orElseThrow();
        assertThat(pair.primaryPath()).isEqualTo("/srv/mail");
        assertThat(pair.standbyPath()).isEqualTo("/backup/mail");
    }

    @Test
    void relativeOrIdenticalPathsAreRefusedNextToTheField() throws Exception {
        long before = pairs.count();

        String page = mvc.perform(post("/pairs/new")
                        .with(csrf())
                        .param("name", "bad")
                        .param("primaryHostId", localId())
                        .param("primaryPath", "srv/data")
                        .param("standbyHostId", localId())
                        .param("standbyPath", "/line\nbreak"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String same = mvc.perform(post("/pairs/new")
                        .with(csrf())
                        .param("name", "same")
                        .param("primaryHostId", localId())
                        .param("primaryPath", "/srv/data/")
                        .param("standbyHostId", localId())
                        .param("standbyPath", "/srv/data"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(pairs.count()).isEqualTo(before);
        assertThat(HtmlUtils.htmlUnescape(page))
                .contains("The path must be absolute (start with /).")
                .contains("The path must not contain control characters");
        assertThat(same).contains("The standby path must differ from the primary path on the same host.");
    }

    private String localId() {
        return hosts.findAll().stream()
                .filter(Host::isLocal)
                .findFirst()
                .orElseThrow()
                .id()
                .toString();
    }
}
