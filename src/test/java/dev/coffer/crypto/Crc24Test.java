package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.bcpg.CRC24;
import org.junit.jupiter.api.Test;

class Crc24Test {

    @Test
    void emptyInputGivesTheInitialValue() {
        assertThat(Crc24.of(new byte[0])).isEqualTo(0xB704CE);
    }

    @Test
    void knownValueOfTheCheckString() {
        // the CRC-24/OPENPGP catalogue check value of "123456789"
        assertThat(Crc24.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x21CF02);
    }

    @Test
    void agreesWithBouncyCastleForEveryLengthModuloFour() {
        Random random = new Random(24);
        for (int length : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 63, 64, 65, 1000, 10_241, 102_403}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(Crc24.of(data)).as("length %d", length).isEqualTo(bouncyCastle(data));
        }
    }

    private static int bouncyCastle(byte[] data) {
        CRC24 crc = new CRC24();
        for (byte b : data) {
            crc.update(b & 0xFF);
        }
        return crc.getValue();
    }
}
