package dev.vantage.coordinator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingWheelTest {

    @Test
    void firesEachEntryAtTheFirstTickAtOrAfterItsDeadline() {
        TimingWheel<String> wheel = new TimingWheel<>(10, 8, 0);
        wheel.schedule("b", 25);
        wheel.schedule("a", 10);
        wheel.schedule("far", 10 * 8 * 3 + 5);
        List<String> fired = new ArrayList<>();

        wheel.advance(19, fired::add);
        assertThat(fired).containsExactly("a");

        wheel.advance(30, fired::add);
        assertThat(fired).containsExactly("a", "b");

        wheel.advance(240, fired::add);
        assertThat(fired).containsExactly("a", "b");
        wheel.advance(250, fired::add);
        assertThat(fired).containsExactly("a", "b", "far");
        assertThat(wheel.size()).isZero();
    }

    @Test
    void anEntryScheduledWhileItsTickFiresGoesToTheNextTick() {
        TimingWheel<String> wheel = new TimingWheel<>(10, 8, 0);
        wheel.schedule("first", 10);
        List<String> fired = new ArrayList<>();

        wheel.advance(10, name -> {
            fired.add(name);
            if (name.equals("first")) {
                wheel.schedule("again", 0);
            }
        });
        assertThat(fired).containsExactly("first");

        wheel.advance(20, fired::add);
        assertThat(fired).containsExactly("first", "again");
    }

    @Test
    void aDeadlineInThePastFiresAtTheNextAdvance() {
        TimingWheel<String> wheel = new TimingWheel<>(10, 8, 1_000);
        wheel.schedule("late", 5);
        List<String> fired = new ArrayList<>();
        wheel.advance(1_000, fired::add);
        assertThat(fired).containsExactly("late");
    }
}
