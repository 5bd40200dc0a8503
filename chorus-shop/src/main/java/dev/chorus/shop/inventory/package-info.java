/**
 * The inventory service: stock per SKU, all-or-nothing reservations per order, and their release when the
 * order fails later. Depends only on the contracts.
 */
@NullMarked
package dev.chorus.shop.inventory;

import org.jspecify.annotations.NullMarked;
