/** The customers service: who buys, where to ship, how much credit they have. Depends only on the contracts. */
@NullMarked
package dev.chorus.shop.customers;

import org.jspecify.annotations.NullMarked;
