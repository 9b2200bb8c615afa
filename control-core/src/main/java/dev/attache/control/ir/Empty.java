package dev.attache.control.ir;


/** A policy without settings. */
public record Empty() {
}
