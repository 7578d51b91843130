package dev.coffer.delivery;

import java.nio.charset.StandardCharsets;

/**
 * RFC 5321 §4.4: the server that makes final delivery inserts a {@code Return-Path} line
 * with the envelope's reverse-path at the top of the message.
 */
final class AddReturnPath implements DeliveryStage {

    @Override
    public void process(DeliveryJob job) {
        byte[] header = ("Return-Path: <" + job.reversePath() + ">\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] message = job.message();
        byte[] traced = new byte[header.length + message.length];
        System.arraycopy(header, 0, traced, 0, header.length);
        System.arraycopy(message, 0, traced, header.length, message.length);
        job.message(traced);
    }
}
