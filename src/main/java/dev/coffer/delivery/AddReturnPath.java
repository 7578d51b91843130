package dev.coffer.delivery;

/**
 * RFC 5321 §4.4: the server that makes final delivery inserts a {@code Return-Path} line
 * with the envelope's reverse-path at the top of the message.
 */
final class AddReturnPath implements DeliveryStage {

    @Override
    public void process(DeliveryJob job) {
        job.prepend("Return-Path: <" + job.reversePath() + ">\r\n");
    }
}
