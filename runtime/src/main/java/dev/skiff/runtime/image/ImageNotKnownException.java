package dev.skiff.runtime.image;

import dev.skiff.runtime.SkiffException;

/** No image in the store matches what the user typed. */
public final class ImageNotKnownException extends SkiffException {
    private final String image;

    public ImageNotKnownException(String image) {
        super(image + ": image not known");
        this.image = image;
    }

    public ImageNotKnownException(String image, int exitCode) {
        super(image + ": image not known", exitCode, null);
        this.image = image;
    }

    /** The name or id as the user typed it. */
    public String image() {
        return image;
    }
}
