package dev.chorus.core.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an object passed to {@link HandlerRegistration#fromAnnotated} as the handler of one
 * event type: the type of its first parameter. The method takes {@code (SomeEvent)} or
 * {@code (SomeEvent, HandlerContext)}, returns {@code void}, is not static, and may throw anything.
 *
 * <p>Nothing is scanned: only the methods declared by the class of the object you register are read, once,
 * when you register it, and they become the same {@link EventHandler} you could have written by hand.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HandlesEvent {}
