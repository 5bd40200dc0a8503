/** Chorus Shop's own endpoints (customers, inventory, orders) over {@link dev.chorus.shop.ShopServices}. */
@NullMarked
package dev.chorus.server.shop;

import org.jspecify.annotations.NullMarked;
