# Markdown 与纯文本导出（`export`，以及变体的答案）的正文，标题在 zh.ftl 中。公式、步骤名、
# 锚点和数值都作为参数传入。

## 连接词

md-sentence-gap = {""}
md-list-sep = 、
md-and = { $init } 和 { $last }

## 文档开头

md-long-document = > **篇幅较长**：共 { $steps } 步。GitHub 只渲染约 512 KB 以内的 Markdown 文件，请在编辑器中阅读本文档，或用 `--epoch` 和 `--sample` 导出较少的内容。
md-diverges-sample = > **训练发散**：第 { $epoch } 轮样本 { $sample } 中的 { $name } 为 { $value }。此后的数都没有意义；减小学习率也许有帮助。
md-diverges-update = > **训练发散**：第 { $epoch } 轮批量 { $batch } 的更新中，{ $name } 为 { $value }。此后的数都没有意义；减小学习率也许有帮助。

## 网络与各层

md-col-layer = 层
md-col-neurons = 神经元
md-col-activation = 激活函数
md-col-trains = 训练
md-col-kind = 类型
md-col-settings = 设置
md-col-output = 输出
md-col-block = 模块
md-role = { $role ->
    [input] 输入层
    [output] 输出层
   *[hidden] 隐藏层
}
md-layer-cell = { $l }（{ $role }）
md-trains-all = 权重和偏置
md-trains-weights = 仅权重（偏置固定）
md-trains-none = 否（冻结）
md-trains-some = { $trained }（{ $frozen } 冻结）
md-input-values = 输入 x<br/>{ $n } 个值
md-input-shape = 输入 x<br/>{ $dims }
md-block-layer = 第 { $l } 层：{ $kind }<br/>输出 { $dims }，{ $activation }
md-dense-block = 第 { $l } 层：{ $n } 个神经元，{ $activation }<br/>{ $weights }，b { $n }
md-dense-weights = { $n } 个权重
md-dense-words = dense，{ $n } 个神经元，{ $activation }
md-rnn-words = rnn，{ $units } 个单元，{ $activation }
md-lstm-words = lstm，{ $units } 个单元
md-edge-from = 来自 { $neuron }
md-edge-to = 到 { $neuron }
md-edges-labelled = 每条边是一个权重 { $w }，边上标着它的初始值。
md-edges-some-tabled = 每条边是一个权重 { $w }：标签清晰可读时边上标着它的初始值，否则按它连接的神经元列在下表中。
md-edges-tabled = 每条边是一个权重 { $w }；每侧超过两个神经元时标签会互相重叠，所以初始值按每条边连接的神经元列在下表中。
md-neuron-bias = 每个神经元上标着它的初始偏置 b。
md-wide-blocks = 超过 8 个神经元的层画成一个方框，框内写着它的规模，连入它的边上标着它的权重个数（下面的参数和 JSON 导出含有每一个值）。
md-rnn-carries = 它的隐藏状态 h 经由 W_hh 从每个时间步传到下一个（{ $h0 } = 0）
md-lstm-carries = 它的状态从每个时间步传到下一个：h 经由 W_hh，细胞状态 c 经由遗忘门（{ $h0 } = { $c0 } = 0）
md-unrolled = 第 { $l } 层（{ $words }）按时间展开，画出它的 { $steps } 个时间步：{ $carries }，每个时间步都使用同一组权重。
md-positionwise = 第 { $l } 层（{ $words }）在它的 { $steps } 个位置上各作用一次，使用同一组权重。
md-middle-steps = 中间的时间步从略（{ $dots }）；每一个数都在 JSON 导出中。

## Transformer 的模块

md-block-input = 输入
md-block-tokens = 词元
md-tokens = { $n } 个词元
md-block-embedding = 词嵌入
md-block-layer-norm = 层归一化
md-block-attention = 注意力{ $heads }
md-block-attention-causal = 因果注意力{ $heads }
md-block-dense = 全连接{ $activation }{ $lora }
md-block-output = 输出{ $activation }{ $lora }
md-attention-weights = 权重，即每个查询在各个键上的得分经 softmax 所得
md-attention-dscore = ∂L/∂S，经由 softmax 传回
md-attention-of = **第 { $l } 层的注意力**（{ $what }）：每行对应一个查询 t，每列对应一个键 s。
md-attention-of-head = **第 { $l } 层第 { $head } 个头的注意力**（{ $what }）：每行对应一个查询 t，每列对应一个键 s。
md-masked = 已遮蔽
md-attention-middle = （中间的行和列从略；JSON 导出含有每一个权重。）

## 损失、优化器、批量、数据

md-loss-line = **损失**：{ $loss }，即单个样本的损失；一个批量的损失是其中各样本损失的平均值。
md-saturation-bce = 与 PyTorch 的 BCELoss 一样，每个对数至少取 −100，梯度除以 max(a(1 − a), 10⁻¹²)，所以饱和的 sigmoid 损失至多为 100，也不会出现 NaN；截断起作用时，该步骤的公式会写明。
md-saturation-ce = 与 PyTorch 的 CrossEntropyLoss 一样，ln a 由 logits 按 log-softmax 计算，即 z − max z − ln Σ e^(z − max z)，所以只要 logits 有限，损失就有限；某个输出下溢为 0 时，该步骤的公式会按这种写法给出。
md-optimizer-line = **优化器**：{ $words }
md-opt-sgd = 普通随机梯度下降（{ $name }），学习率 { $eta } = { $rate }。每个可训练参数 p 都沿批量平均梯度的反方向移动：
md-opt-momentum = 带动量的随机梯度下降（{ $name }），学习率 { $eta } = { $rate }，动量 { $mu } = { $momentum }。每个参数 p 都有一个从 0 开始的速度 v（所以第一个 v 就是梯度，与 PyTorch 相同）：
md-opt-adam = Adam（{ $name }），学习率 { $eta } = { $rate }，{ $b1 } = { $beta1 }，{ $b2 } = { $beta2 }，{ $eps } = { $epsilon }。每个参数 p 都有从 0 开始的一阶矩 m 和二阶矩 v；t 是更新的次数，从 1 开始：
md-opt-adamw = AdamW（{ $name }），学习率 { $eta } = { $rate }，{ $b1 } = { $beta1 }，{ $b2 } = { $beta2 }，{ $eps } = { $epsilon }，权重衰减 λ = { $decay }。每一步先让参数衰减，{ $rule }，再从 { $decayed } 出发走 Adam 的一步；m 和 v 从 0 开始；t 是更新的次数，从 1 开始：
md-batches = **批量大小**：{ $size }，{ $batch ->
    [1] 每个样本之后都更新参数
   *[other] 每 { $batch } 个样本之后用它们梯度的平均值更新参数
}（{ $updates ->
   *[other] 每轮更新 { $updates } 次
}）。**轮数**：{ $epochs }。**样本数**：{ $samples }。
md-notes-here = 课程的注解讲的是第 1 轮、样本 1 及其更新：它们引在那里，紧挨着所讲的步骤。
md-notes-elsewhere = 课程的注解讲的是第 1 轮、样本 1 及其更新，本文档没有显示这些内容；`--epoch 1 --sample 1` 会把注解显示在相应的数旁边。
md-data = **数据**：
md-col-sample = 样本
md-col-input-x = 输入 x
md-col-target-y = 目标 y
md-data-selected = 数据共有 { $total } 个样本；表中列出所选 { $selected } 个中的 { $shown } 个。
md-data-first = 共 { $total } 个样本中的前 10 个；JSON 导出列出全部样本。
md-values-in-all = (共 { $n } 个值)
md-values = (共 { $n } 个值)

## 参数

md-layer-block = 第 { $l } 层，{ $label }：
md-matrix-size = { $name } 为 { $size }
md-large-matrices = 大矩阵只显示开头几行几列和最后一行一列（{ $list }）；JSON 导出含有每一个值。
md-final-words = 训练 { $epochs ->
   *[other] { $count } 轮
}之后的参数（无论本文档显示的是其中哪一部分）。
md-more-kernels = 另有 { $n } 个卷积核
md-start-words = 这里显示的第一步读取的是训练中 { $updates ->
   *[other] { $count } 次更新
}之后的参数。

## 样本及其步骤

md-rule = **规则**：对每一层 l 的每个神经元 j（k 取遍第 l − 1 层的神经元，反向传播时取遍第 l + 1 层的神经元）：
md-rule-through-time = **随时间展开**：循环层在每个时间步 t（前向传播 t = 1..T，反向传播 t = T..1）：
md-rule-lstm-note-latex = \text{"{"}（lstm；按行堆叠 {"}"} i, f, g, o\text{"{"}；{"}"} c_0 = 0\text{"{"}）{"}"}
md-rule-lstm-ascii = i, f, o = sigmoid(z 的 i, f, o 行); g = tanh(z 的 g 行); c[t] = f (*) c[t-1] + i (*) g; h[t] = o (*) tanh(c[t])   （lstm；按行堆叠 i, f, g, o；c[0] = 0）
md-rule-dh-note-latex = \text{"{"}（来自时间步 {"}"} t \text{"{"} 的输出，以及来自时间步 {"}"} t + 1\text{"{"}）{"}"}
md-rule-dh-note-ascii = （来自时间步 t 的输出，以及来自时间步 t + 1）
md-rule-dc-note-latex = \text{"{"}（lstm：细胞状态的路径）{"}"}
md-rule-dc-note-ascii = （lstm：细胞状态的路径）
md-rule-sums-ascii = dL/dW_ih = sum_t delta[t] x[t]^T, dL/dW_hh = sum_(t >= 2) delta[t] h[t-1]^T, dL/db_ih = dL/db_hh = sum_t delta[t]
md-rows-ifgo-latex = \text{"{"}按行 {"}"} i, f, g, o
md-rows-ifgo-ascii = 按行 i, f, g, o
md-col-step = 步骤
md-col-with-numbers = 代入数值
md-col-value = 值
md-col-what = 含义
md-col-formula = 公式
md-more-steps = { $n ->
   *[other] 宽层中另有 { $count } 步
}（每一步都在 JSON 导出中，也可以用 `--sample` 在这里显示）
md-chain-rule = 链式法则，逐个因子：
md-where = 其中：
md-term-label = *{ $label }：*
md-note = **注**：{ $text }
md-word-via = 经由
md-ascii-sum = sum_{ $i }
md-ascii-sum-to = sum_({ $i } = 1..{ $n })
md-more-terms-together = （另外 { $n } 项之和）
md-matrix-form = **矩阵形式**：逐层写出同样的数：
md-matrix-form-odot = **矩阵形式**：逐层写出同样的数（{ $odot } 表示逐元素相乘）：
md-epoch-loss = **第 { $epoch } 轮的损失**：{ $loss }（{ $n ->
    [1] 它唯一一个样本的损失
   *[other] 它的 { $count } 个样本损失的平均值，每个样本都用它当时的参数计算
}）。

## 更新

md-updated-with = 每个可训练参数都用{ $samples ->
    [1] 样本 { $first } 的梯度
   *[other] 样本 { $first } 到 { $last } 的平均梯度
}更新{ $hidden ->
    [yes] （所选范围以外的样本上面没有显示，但也计算在内）
   *[no] {""}
}。
md-batch-mean = **批量平均**。这次更新使用 { $n } 个样本梯度的平均值；对 { $name } 来说是（其他参数的平均值见下表的梯度一列）：
md-frozen-params = 第 { $l } 层（{ $role }）已冻结：它的参数保持不变。
md-frozen-weights = 第 { $l } 层（{ $role }）已冻结：它的权重和偏置保持不变。
md-layer-heading = 第 { $l } 层（{ $role }）：
md-layer-heading-frozen = 第 { $l } 层（{ $role }；{ $frozen } 冻结）：
md-layer-heading-fixed-biases = 第 { $l } 层（{ $role }，偏置固定）：
md-col-parameter = 参数
md-col-before = 更新前
md-col-gradient = 梯度
md-col-after = 更新后
md-col-update-step = 步长 { $size }
md-col-velocity = 速度 v
md-col-decayed = 衰减后
md-optimizer-state = 这次更新之后优化器的状态：
md-params-more = { $dots } 另有 { $n } 个
md-params-more-where = （每个参数都在 JSON 导出中，也可以用 `--sample` 在这里显示）
md-loss-after = **更新后的损失**：用这次更新之前的参数，{ $samples ->
    [1] 样本 { $first } 的损失
   *[other] 样本 { $first } 到 { $last } 的平均损失
}是 { $before }；用新的参数，它是 **{ $after }**{ $change ->
    [down] ，下降了 { $percent }%
    [up] ，上升了 { $percent }%
   *[none] {""}
}。

## 每轮损失

md-losses-words = 每轮中各样本损失的平均值，每个样本的损失都用它当时的参数计算，覆盖整个训练过程。
md-col-epoch = 轮
md-col-mean-loss = 平均损失
md-why-first = 第一轮
md-why-after = { $n } 次更新之后
md-why-lowest = 最低
md-why-not-finite = 第一个不是有限值的
md-why-half = 首次低于第一轮的一半
md-why-below = 首次低于 { $value }
md-why-last = 最后一轮
md-after-training = 训练之后
md-trained-network = 训练好的网络：用最终参数算出的{ $n ->
    [1] 它唯一一个样本的损失
   *[other] 全部 { $count } 个样本的平均损失
}
md-losses-stride = 共 { $epochs } 轮，表中列出标注的各轮以及轮次为 { $stride } 的倍数的各轮；JSON 导出列出每一轮。

## 锚点

md-anchors-words = 每一步都有一个锚点（HTML `id`），由它所在的位置和它的名称组成，名称中的圆括号、方括号和逗号都换成连字符：先是 `e` 和轮次，然后是 `s` 和样本（更新则是 `b` 和批量），最后是名称。完整演算的步骤把锚点放在它的标题上，其余步骤放在它在表格中的那一行上。本文档中：
md-cite-sample = 第 { $epoch } 轮样本 { $sample } 的 { $name }
md-cite-update = 第 { $epoch } 轮批量 { $batch } 的更新中的 { $name }
md-anchor-is = { $link } 是{ $words }；
md-anchor-row = { $link } 是表格中的 { $name }；
md-section-epoch = 一轮
md-section-sample = 一个样本
md-section-phase = 样本的一个阶段
md-section-update = 一次更新
md-section-item = { $link }（{ $what }）
md-sections = 章节：{ $list }。
md-anchors-parts = 文档的各个部分则是 `#lesson`、`#network`、`#initial`、`#losses`、`#final`、`#anchors`。
md-anchors-left-out = 本文档略去的步骤（宽层中的，或未显示的轮次和样本中的）在这里没有锚点：用 `--epoch` 和 `--sample` 导出它们。

## 变体的答案

md-key-title = 参考答案：{ $title }，变体 { $variant }
md-key-intro = 第 1 轮：第一个批量中的每个样本（前向传播、损失、反向传播），然后是它的更新。数值在所示位数内精确；学生的答案按他们写出的位数评分。
md-key-starts = 变体的初始值
md-key-layer = 第 { $l } 层（{ $activation }）：{ $params }
md-key-sample = 样本 { $sample }：{ $values }
md-key-loss = 损失 { $loss }，优化器 { $optimizer }，η = { $rate }
md-key-update = 批量 1 之后的更新
md-key-sample-phase = 样本 { $sample }：{ $phase }
md-key-phase = { $phase ->
    [forward] 前向传播
    [loss] 损失
    [backward] 反向传播
   *[update] 更新
}
