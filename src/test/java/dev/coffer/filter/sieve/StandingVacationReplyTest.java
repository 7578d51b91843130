package dev.coffer.filter.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandingVacationReplyTest {

    @Test
    void aTextOnlyNoticeIsOneTextPart() {
        SieveCommand.Vacation command = StandingVacationReply.command(
                new StandingVacation.Notice(Optional.of("Away"), "Back soon.", null, 7));

        assertThat(command.mime()).isTrue();
        assertThat(command.days()).isEqualTo(7);
        assertThat(command.subject()).contains("Away");
        assertThat(command.reason()).startsWith("Content-Type: text/plain; charset=utf-8\r\n");
    }

    @Test
    void withHtmlItIsMultipartAlternativeWithTheTextFirst() {
        String reason = StandingVacationReply.command(
                new StandingVacation.Notice(Optional.empty(), "Back soon.", "<p>Back <b>soon</b>.</p>", 7)).reason();

        assertThat(reason).startsWith("Content-Type: multipart/alternative;");
        assertThat(reason.indexOf("text/plain")).isLessThan(reason.indexOf("text/html"));
    }

    @Test
    void theTextIsMadeFromTheHtmlWhenMissing() {
        assertThat(StandingVacationReply.plainText("<style>p{}</style><p>Back&nbsp;on <b>Monday</b></p><p>A &amp; B</p>"))
                .isEqualTo("Back on Monday\nA & B");
    }

    @Test
    void theHandleFollowsTheTextSoANewTextAnswersEveryoneAgain() {
        SieveCommand.Vacation first = StandingVacationReply.command(new StandingVacation.Notice(Optional.empty(), "A", null, 7));
        SieveCommand.Vacation same = StandingVacationReply.command(new StandingVacation.Notice(Optional.empty(), "A", null, 7));
        SieveCommand.Vacation changed = StandingVacationReply.command(new StandingVacation.Notice(Optional.empty(), "B", null, 7));

        assertThat(first.handle()).isEqualTo(same.handle()).isNotEqualTo(changed.handle());
    }
}
