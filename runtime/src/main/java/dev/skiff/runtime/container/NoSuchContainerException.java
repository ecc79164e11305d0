package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;

/** No container has the name, id or id prefix the user typed. */
public final class NoSuchContainerException extends SkiffException {
    public NoSuchContainerException(String nameOrId) {
        super("no container with name or ID \"" + nameOrId + "\" found: no such container");
    }
}
