package dev.coffer.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailExportTest {

    @Test
    void mailboxNamesCannotLeaveTheExportDirectory() {
        assertThat(MailExport.fileName("..")).isEqualTo("_.");
        assertThat(MailExport.fileName("Projects/2026")).isEqualTo("Projects_2026");
        assertThat(MailExport.fileName(".hidden")).isEqualTo("_hidden");
        assertThat(MailExport.fileName("INBOX")).isEqualTo("INBOX");
    }
}
