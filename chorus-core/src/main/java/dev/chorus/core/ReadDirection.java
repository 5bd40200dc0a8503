package dev.chorus.core;

public enum ReadDirection {
    FORWARD,
    BACKWARD
}
