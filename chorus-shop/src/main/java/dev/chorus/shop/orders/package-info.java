/**
 * The orders service: places orders with the customer data of its own replica of customer facts, and
 * confirms, cancels or marks them shipped as the other services' facts arrive. Depends only on the contracts.
 */
@NullMarked
package dev.chorus.shop.orders;

import org.jspecify.annotations.NullMarked;
