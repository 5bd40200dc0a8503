package dev.chorus.shop.contracts;

/** One line of an order: {@code quantity} units of {@code sku} at {@code unitPrice} cents each. */
public record OrderLine(String sku, int quantity, long unitPrice) {
    /** At most 10^4 x 10^9 = 10^13 cents: a line total never overflows. */
    public long lineTotal() {
        return quantity * unitPrice;
    }
}
