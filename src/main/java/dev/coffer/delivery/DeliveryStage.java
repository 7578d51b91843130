package dev.coffer.delivery;

/**
 * One step of delivery (resolve → verify → filter → encrypt → store). Stages run in order
 * on the same job; any stage may stop the delivery by throwing.
 */
@FunctionalInterface
public interface DeliveryStage {
    void process(DeliveryJob job) throws DeliveryException;
}
