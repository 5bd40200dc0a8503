/**
 * The payments service: one credit account per customer, opened from customer facts, authorizing orders
 * whose stock is reserved while their total fits the available credit. Depends only on the contracts.
 */
@NullMarked
package dev.chorus.shop.payments;

import org.jspecify.annotations.NullMarked;
