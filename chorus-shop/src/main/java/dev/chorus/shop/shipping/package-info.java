/** The shipping service: schedules a shipment to the address a confirmed order carries. Depends only on the contracts. */
@NullMarked
package dev.chorus.shop.shipping;

import org.jspecify.annotations.NullMarked;
