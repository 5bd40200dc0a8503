/**
 * Chorus Shop in one JVM: {@link dev.chorus.shop.ShopServices} wires the five services on one embedded log
 * and the state store beside it. The services themselves live in their own packages and know only
 * {@code dev.chorus.shop.contracts}.
 */
@NullMarked
package dev.chorus.shop;

import org.jspecify.annotations.NullMarked;
