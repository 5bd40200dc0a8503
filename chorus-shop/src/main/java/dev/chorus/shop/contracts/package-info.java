/**
 * The published contracts of Chorus Shop: every fact a service appends, as sealed interfaces of records
 * with stable type names ({@code shop.<service>.<Fact>}), the bounds every service checks, and the codecs.
 * The five services depend on this package and never on each other.
 */
@NullMarked
package dev.chorus.shop.contracts;

import org.jspecify.annotations.NullMarked;
